import { Ajv2020 } from "ajv/dist/2020";
import addFormats from "ajv-formats";

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);

/** Validates `value` and returns the errors as readable lines (empty when valid). */
export function schemaErrors(schema: object, value: unknown, where: string): string[] {
  const validate = ajv.compile(schema);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${where}${e.instancePath} ${e.message ?? ""}`.trim());
}
