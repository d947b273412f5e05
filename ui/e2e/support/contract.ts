// Checks a JSON value against a schema of ui/src/types/api.ts both ways: the schema must
// accept it, and the value may carry no key the schema does not name (so a field the server
// adds or renames fails the suite instead of being dropped silently).
import { z } from "zod";

/** The paths of keys in `value` that `schema` does not know. */
export function unknownKeys(schema: z.ZodType, value: unknown, path = "$"): string[] {
  if (value === null || value === undefined) return [];
  if (schema instanceof z.ZodNullable || schema instanceof z.ZodOptional) {
    return unknownKeys(schema.unwrap() as z.ZodType, value, path);
  }
  if (schema instanceof z.ZodArray && Array.isArray(value)) {
    return value.flatMap((item, index) => unknownKeys(schema.element as z.ZodType, item, `${path}[${index}]`));
  }
  if (schema instanceof z.ZodDiscriminatedUnion && typeof value === "object") {
    const options = schema.options as z.ZodType[];
    const match = options.find((option) => option.safeParse(value).success);
    return match ? unknownKeys(match, value, path) : [];
  }
  if (schema instanceof z.ZodObject && typeof value === "object" && !Array.isArray(value)) {
    const shape = schema.shape as Record<string, z.ZodType>;
    return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => {
      const field = shape[key];
      if (field === undefined) return [`${path}.${key}`];
      return unknownKeys(field, child, `${path}.${key}`);
    });
  }
  return [];
}

/** Parses `value` with `schema` and lists every disagreement (empty when they agree). */
export function contractProblems(schema: z.ZodType, value: unknown, what: string): string[] {
  const parsed = schema.safeParse(value);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${what}: ${issue.path.join(".")}: ${issue.message}`);
  return [...problems, ...unknownKeys(schema, value).map((path) => `${what}: ${path} is not in types/api.ts`)];
}
