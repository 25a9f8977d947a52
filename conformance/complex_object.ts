/**
 * The structured values the test hub exchanges. Their fields are PascalCase
 * on the wire: the .NET test app turns the JSON naming policy off so that
 * both protocols carry the same names.
 *
 * @module
 */
import { HubError } from "../signalr/mod.ts";
import { Base64Bytes, readBytes, readDateTime, UtcDateTime } from "./dotnet_values.ts";

/** A value of every kind the protocols treat differently. */
export interface ComplexObject {
  readonly String: string | null;
  readonly IntArray: readonly number[] | null;
  readonly ByteArray: Base64Bytes | null;
  /** A GUID in its lower-case 36-character form. */
  readonly Guid: string;
  readonly DateTime: UtcDateTime;
}

/** A small object sent back to its sender as the `CustomObject` event. */
export interface CustomObject {
  readonly Name: string | null;
  readonly Value: number;
}

/** The object `SendComplexObject` returns. */
export function sampleComplexObject(): ComplexObject {
  return {
    String: "hello world",
    IntArray: [1, 2, 3],
    ByteArray: new Base64Bytes([1, 2, 3]),
    Guid: "00010203-0405-0607-0706-050403020100",
    DateTime: new UtcDateTime(Date.UTC(2000, 0, 1)),
  };
}

/**
 * Reads a {@linkcode ComplexObject} as .NET binds one: known fields only, each
 * in its protocol's form. Throws a HubError naming the first bad field.
 */
export function readComplexObject(value: unknown): ComplexObject {
  const fields = requireObject(value, "ComplexObject");
  const string = fields.String ?? null;
  const ints = fields.IntArray ?? null;
  const bytes = fields.ByteArray == null ? null : readBytes(fields.ByteArray);
  const guid = fields.Guid;
  const dateTime = readDateTime(fields.DateTime);
  if (string !== null && typeof string !== "string") throw invalid("String");
  if (ints !== null && !(Array.isArray(ints) && ints.every(isInt32))) throw invalid("IntArray");
  if (bytes === undefined) throw invalid("ByteArray");
  if (typeof guid !== "string" || !GUID.test(guid)) throw invalid("Guid");
  if (!dateTime) throw invalid("DateTime");
  return {
    String: string,
    IntArray: ints,
    ByteArray: bytes,
    Guid: guid.toLowerCase(),
    DateTime: dateTime,
  };
}

/** Reads a {@linkcode CustomObject}; throws a HubError for a bad field. */
export function readCustomObject(value: unknown): CustomObject {
  const fields = requireObject(value, "CustomObject");
  const name = fields.Name ?? null;
  const number = fields.Value ?? 0;
  if (name !== null && typeof name !== "string") throw invalid("Name");
  if (!isInt32(number)) throw invalid("Value");
  return { Name: name, Value: number };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function requireObject(value: unknown, type: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new HubError(`Expected a ${type} object.`);
  }
  return value as Record<string, unknown>;
}

function isInt32(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= -(2 ** 31) &&
    (value as number) < 2 ** 31;
}

function invalid(field: string): HubError {
  return new HubError(`The '${field}' field has the wrong type.`);
}
