/**
 * Job file stores: bytes in and out by name, names that cannot escape.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { DirectoryFileStore, MemoryFileStore } from "../../../hubs/jobs/file_store.ts";

const BYTES = new TextEncoder().encode("row,units\r\n1,2\r\n");

Deno.test("file stores give back what was written, undefined for what was not", async () => {
  const dir = await Deno.makeTempDir();
  try {
    for (const files of [new MemoryFileStore(), new DirectoryFileStore(join(dir, "files"))]) {
      await files.write("report-1.csv", BYTES);
      assert.deepEqual(await files.read("report-1.csv"), BYTES);
      assert.equal(await files.read("report-2.csv"), undefined);
    }
    assert.deepEqual(await Deno.readFile(join(dir, "files", "report-1.csv")), BYTES);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("file stores refuse names that are not {type}-{id}.{csv|txt}", async () => {
  const files = new MemoryFileStore();
  for (
    const name of ["../jobs.sqlite", "report-1.exe", "report-0.csv", "Report-1.csv", "a/b-1.csv"]
  ) {
    await assert.rejects(files.write(name, BYTES), /Not a job file name/, name);
    await assert.rejects(files.read(name), /Not a job file name/, name);
  }
});
