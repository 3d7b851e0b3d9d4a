import type { FieldError } from '@fivestar/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, invalidField } from './errors.ts';
import { hasMessage, languageOf, translate, type Lang } from './messages.ts';

const zodLocales = { zh: z.locales.zhCN(), en: z.locales.en() };

/** A zod issue's message in the caller's language: our own keys first, then zod's locale for built-in checks. */
function issueMessage(
  issue: { keyword: string; message: string; params: Record<string, unknown> },
  lang: Lang,
) {
  if (hasMessage(issue.message)) return translate(issue.message, lang);
  try {
    const text = zodLocales[lang].localeError?.({ code: issue.keyword, ...issue.params } as never);
    if (typeof text === 'string') return text;
    if (text && typeof text === 'object' && 'message' in text) return String(text.message);
  } catch {
    // fall through to zod's own message
  }
  return issue.message;
}

export function requestLang(request: FastifyRequest): Lang {
  return languageOf(request.headers['accept-language']);
}

/** `{name}` placeholders filled in; an ISO time `{at}` shown as China time (YYYY-MM-DD HH:mm). */
function fillIn(message: string, params: Record<string, string> | undefined, _lang: Lang) {
  if (!params) return message;
  return message.replace(/\{(\w+)\}/g, (whole, k: string) => {
    const v = params[k];
    if (v === undefined) return whole;
    if (k === 'at' && v)
      return new Date(Date.parse(v) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
    return v;
  });
}

export function sendError(reply: FastifyReply, request: FastifyRequest, err: AppError) {
  const lang = requestLang(request);
  const fields = err.fields?.map((f) => ({ path: f.path, message: translate(f.message, lang) }));
  // Every 429 says when to come back (RFC 9110 §10.2.3); 60 s is the longest window we count in.
  if (err.statusCode === 429) reply.header('retry-after', String(err.retryAfter ?? 60));
  return reply.status(err.statusCode).send({
    error: {
      code: err.code,
      message: fillIn(translate(err.messageKey, lang), err.params, lang),
      ...(fields ? { fields } : {}),
      ...(err.params ? { params: err.params } : {}),
    },
  });
}

/** One error handler: stable codes, field paths for bad input, no stack traces, an id for 500s. */
export function registerErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((error, request, reply) => {
    const lang = requestLang(request);
    if (error instanceof AppError) return sendError(reply, request, error);

    if (hasZodFastifySchemaValidationErrors(error)) {
      const context = (error as { validationContext?: string }).validationContext ?? 'body';
      const fields: FieldError[] = error.validation.map((v) => {
        const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
        return { path: path || context, message: issueMessage(v as never, lang) };
      });
      return reply.status(400).send({
        error: { code: 'validation_failed', message: translate('validation_failed', lang), fields },
      });
    }

    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status === 413) return sendError(reply, request, new AppError('payload_too_large'));
    if (status === 415) return sendError(reply, request, new AppError('unsupported_media_type'));
    if (status === 429) return sendError(reply, request, new AppError('rate_limited'));
    if (status >= 400 && status < 500) {
      // Malformed JSON, empty bodies and the like: a 400 with fastify's own wording, never a stack.
      return reply.status(400).send({
        error: {
          code: 'validation_failed',
          message: translate('validation_failed', lang),
          fields: [{ path: 'body', message: (error as Error).message }],
        },
      });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({
      error: { code: 'internal', message: translate('internal', lang), requestId: String(request.id) },
    });
  });
}

/**
 * The errors the router raises before any hook runs (a malformed escape or an over-long value in the address): the
 * same 400 in the caller's language as any bad input, and, since helmet's hook has not run, the headers an error
 * answer needs set here.
 */
export function frameworkError(_error: Error, request: FastifyRequest, reply: FastifyReply) {
  reply.headers({
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  });
  return sendError(reply, request, invalidField('params', 'bad_address'));
}
