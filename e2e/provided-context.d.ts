// Values that e2e/global-setup.ts hands to the spec files through `provide` / `inject`.
export {};

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    demoPassword: string;
  }
}
