/**
 * The row formatters live in `shared/format-rows.ts` (the console grid's copy uses them in
 * the renderer); engine code may keep importing them from here.
 */
export * from '../../../shared/format-rows';
