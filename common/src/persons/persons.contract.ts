import { defineContract, route } from '../contract.ts';
import { idParamSchema, pageOf } from '../http/paging.ts';
import {
  personCreateSchema,
  personListQuerySchema,
  personSchema,
  revealResultSchema,
  revealSchema,
} from './persons.schemas.ts';

/** People, with ID numbers and phones masked; an unmasked value only through an audited reveal. */
export const personsContract = defineContract('persons', {
  list: route({
    method: 'GET',
    path: '/api/persons',
    access: 'person:read',
    query: personListQuerySchema,
    response: pageOf(personSchema),
  }),
  get: route({
    method: 'GET',
    path: '/api/persons/:id',
    access: 'person:read',
    params: idParamSchema,
    response: personSchema,
  }),
  create: route({
    method: 'POST',
    path: '/api/persons',
    access: 'person:write',
    body: personCreateSchema,
    response: personSchema,
    status: 201,
  }),
  reveal: route({
    method: 'POST',
    path: '/api/persons/:id/reveal',
    access: 'pii:view',
    params: idParamSchema,
    body: revealSchema,
    response: revealResultSchema,
  }),
});
