import { z } from 'zod';

/**
 * A reviewer's note on a stored trajectory, or on one of its messages: who is at fault, what kind of
 * error it is, a rating and free text, with its author and times. Kept by the store beside the
 * session (never inside the trajectory record, which does not change once finished).
 *
 * `errorSource` and `errorType` are tau2-bench's vocabularies: `ErrorSource` and `ErrorType` of its
 * `SimulationNote` in `src/tau2/data_model/simulation.py` (sierra-research/tau2-bench), so notes
 * carry over to tau2's `results.json` (`review.errors`) without a mapping table.
 */

/** tau2-bench's `ErrorSource`: agent, user, or system (orchestrator, framework or infrastructure). */
export const ERROR_SOURCES = ['agent', 'user', 'system'] as const;
/** tau2-bench's `ErrorType`. */
export const ERROR_TYPES = [
  'transcription',
  'vad',
  'logical',
  'hallucination',
  'unresponsive',
  'early_termination',
] as const;
export const RATINGS = ['good', 'bad'] as const;

export const ErrorSourceSchema = z.enum(ERROR_SOURCES);
export const ErrorTypeSchema = z.enum(ERROR_TYPES);
export const RatingSchema = z.enum(RATINGS);
export type ErrorSource = z.infer<typeof ErrorSourceSchema>;
export type ErrorType = z.infer<typeof ErrorTypeSchema>;
export type Rating = z.infer<typeof RatingSchema>;

/** The largest note text and author name taken. */
export const ANNOTATION_LIMITS = { text: 10_000, author: 200, messageId: 200 } as const;

const fields = {
  /** The message the note is about (its `id` in the trajectory); absent for the whole trajectory. */
  messageId: z.string().min(1).max(ANNOTATION_LIMITS.messageId),
  errorSource: ErrorSourceSchema,
  errorType: ErrorTypeSchema,
  rating: RatingSchema,
  text: z.string().min(1).max(ANNOTATION_LIMITS.text),
};

export const SAYS_SOMETHING = 'a note needs at least one of errorSource, errorType, rating or text';
/** Whether a note says anything (every note gives an error source or type, a rating or text). */
export const saysSomething = (a: {
  errorSource?: unknown;
  errorType?: unknown;
  rating?: unknown;
  text?: unknown;
}) => [a.errorSource, a.errorType, a.rating, a.text].some((v) => v !== undefined && v !== null);

/** What a reviewer sends to add a note. */
export const AnnotationInputSchema = z
  .strictObject({
    messageId: fields.messageId.optional(),
    errorSource: fields.errorSource.optional(),
    errorType: fields.errorType.optional(),
    rating: fields.rating.optional(),
    text: fields.text.optional(),
    author: z.string().trim().min(1).max(ANNOTATION_LIMITS.author),
  })
  .refine(saysSomething, { message: SAYS_SOMETHING });
export type AnnotationInput = z.infer<typeof AnnotationInputSchema>;

/** Whether a patch changes anything. */
export const changesSomething = (p: object) => Object.keys(p).length > 0;
export const NOTHING_TO_CHANGE = 'nothing to change: give errorSource, errorType, rating or text';

/** A change to a note: the fields given replace the note's, `null` clears one; the rest stay. */
export const AnnotationPatchSchema = z
  .strictObject({
    errorSource: fields.errorSource.nullable().optional(),
    errorType: fields.errorType.nullable().optional(),
    rating: fields.rating.nullable().optional(),
    text: fields.text.nullable().optional(),
  })
  .refine(changesSomething, { message: NOTHING_TO_CHANGE });
export type AnnotationPatch = z.infer<typeof AnnotationPatchSchema>;

/** A stored note. */
export const AnnotationSchema = z.object({
  id: z.string(),
  sessionId: z.string(),
  messageId: fields.messageId.optional(),
  errorSource: fields.errorSource.optional(),
  errorType: fields.errorType.optional(),
  rating: fields.rating.optional(),
  text: fields.text.optional(),
  author: z.string(),
  /** ISO 8601. */
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Annotation = z.infer<typeof AnnotationSchema>;

/** The note a patch makes of `a`, or the reason it would say nothing. */
export function applyAnnotationPatch(a: Annotation, patch: AnnotationPatch, at: string): Annotation | string {
  const next: Annotation = { ...a, updatedAt: at };
  for (const key of ['errorSource', 'errorType', 'rating', 'text'] as const) {
    if (!(key in patch)) continue;
    const value = patch[key];
    if (value === null || value === undefined) delete next[key];
    else (next as Record<string, unknown>)[key] = value;
  }
  return saysSomething(next) ? next : SAYS_SOMETHING;
}
