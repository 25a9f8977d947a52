/**
 * The jobs REST API's refusals: problem bodies for bad input, 401 without a
 * valid token, 404 for unknown and other people's jobs, the per-user limit.
 */
import assert from "node:assert/strict";
import { createApp } from "../../../app.ts";
import { jobsModule } from "../../../hubs/jobs/mod.ts";
import { serve } from "../../helpers/server.ts";
import { tokenFor } from "../../helpers/tokens.ts";
import { call, type JobsSite, startJobsSite } from "./fixture.ts";

const ANN = { user: "ann" };
const BOB = { user: "bob" };
const ADMIN = { user: "root", role: "Admin" };

async function withSite(fn: (site: JobsSite) => Promise<void>, maxActiveJobsPerUser?: number) {
  const site = startJobsSite({ maxActiveJobsPerUser });
  try {
    await fn(site);
  } finally {
    await site.close();
  }
}

Deno.test("POST /api/jobs refuses bad input with 400 and a problem body saying why", () =>
  withSite(async (site) => {
    const cases: [body: unknown, detail: string][] = [
      ["not json", 'The body must be a JSON object: { "type": "report", ...parameters }.'],
      ["[1]", 'The body must be a JSON object: { "type": "report", ...parameters }.'],
      ["null", 'The body must be a JSON object: { "type": "report", ...parameters }.'],
      [{}, 'type must be one of "report", "flaky".'],
      [{ type: "nope" }, 'type must be one of "report", "flaky".'],
      [{ type: 7 }, 'type must be one of "report", "flaky".'],
      [{ type: "report", stepMs: 5 }, "stepMs must be an integer from 10 to 10000."],
      [{ type: "report", stepMs: 10_001 }, "stepMs must be an integer from 10 to 10000."],
      [{ type: "report", stepMs: "fast" }, "stepMs must be an integer from 10 to 10000."],
      [{ type: "report", stepMs: 12.5 }, "stepMs must be an integer from 10 to 10000."],
      [{ type: "report", rows: 0 }, "rows must be an integer from 1 to 10000."],
      [
        { type: "report", color: "red" },
        'Unknown parameter "color"; this job type takes stepMs, rows.',
      ],
      [
        { type: "flaky", failAt: 45 },
        "failAt must be an integer from 10 to 90, a multiple of 10.",
      ],
      [
        { type: "flaky", failAt: 100 },
        "failAt must be an integer from 10 to 90, a multiple of 10.",
      ],
    ];
    for (const [body, detail] of cases) {
      const response = await site.api(ANN, "POST", "/api/jobs", body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(response.headers.get("content-type"), "application/problem+json");
      assert.deepEqual(await response.json(), {
        type: "about:blank",
        title: "The job request is not valid.",
        status: 400,
        detail,
      });
    }
    const tooLarge = await call(site, ANN, "POST", "/api/jobs", "x".repeat(5000));
    assert.equal(tooLarge.status, 413);
    assert.equal(tooLarge.body.title, "The request body is too large.");
    assert.deepEqual((await call(site, ANN, "GET", "/api/jobs")).body, [], "nothing was created");
  }));

Deno.test("without a valid token every jobs route answers 401 with a problem body", () =>
  withSite(async (site) => {
    const id = (await call(site, ANN, "POST", "/api/jobs", { type: "report", stepMs: 10_000 }))
      .body.id;
    const routes = [
      ["POST", "/api/jobs"],
      ["GET", "/api/jobs"],
      ["GET", `/api/jobs/${id}`],
      ["DELETE", `/api/jobs/${id}`],
      ["GET", `/files/report-${id}.csv`],
    ];
    const forged = `${await tokenFor("ann")}x`;
    for (const [method, path] of routes) {
      const anonymous = await call(site, undefined, method, path);
      assert.equal(anonymous.status, 401, `${method} ${path}`);
      assert.equal(anonymous.headers.get("www-authenticate"), "Bearer");
      assert.equal(anonymous.body.title, "Sign in first.");
      const response = await fetch(`${site.url}${path}`, {
        method,
        headers: { Authorization: `Bearer ${forged}` },
      });
      await response.body?.cancel();
      assert.equal(response.status, 401);
      assert.equal(response.headers.get("www-authenticate"), `Bearer error="invalid_token"`);
    }
    assert.equal((await call(site, ANN, "GET", `/api/jobs/${id}`)).body.status, "running");
    await call(site, ANN, "DELETE", `/api/jobs/${id}`);
  }));

Deno.test("without an authenticate function the REST routes refuse everyone", async () => {
  const app = createApp([jobsModule()]);
  const server = serve(app.hono.fetch, () => app.close());
  try {
    const response = await fetch(`${server.url}/api/jobs`, {
      headers: { Authorization: `Bearer ${await tokenFor("ann")}` },
    });
    await response.body?.cancel();
    assert.equal(response.status, 401);
  } finally {
    await server.close();
  }
});

Deno.test("someone else's or an unknown job is 404; an admin may see and cancel any", () =>
  withSite(async (site) => {
    const created = await call(site, ANN, "POST", "/api/jobs", { type: "report", stepMs: 10_000 });
    const id = created.body.id;
    for (
      const [method, path] of [
        ["GET", `/api/jobs/${id}`],
        ["DELETE", `/api/jobs/${id}`],
        ["GET", "/api/jobs/999"],
        ["GET", "/api/jobs/abc"],
        ["GET", "/api/jobs/0"],
        ["DELETE", "/api/jobs/-1"],
      ]
    ) {
      const response = await call(site, BOB, method, path);
      assert.equal(response.status, 404, `${method} ${path}`);
      assert.equal(response.headers.get("content-type"), "application/problem+json");
      assert.equal(response.body.title, "Not found.");
    }
    assert.deepEqual((await call(site, BOB, "GET", "/api/jobs")).body, []);
    assert.equal((await call(site, ANN, "GET", `/api/jobs/${id}`)).body.status, "running");
    assert.equal((await call(site, ADMIN, "GET", `/api/jobs/${id}`)).body.owner, "ann");
    const canceled = await call(site, ADMIN, "DELETE", `/api/jobs/${id}`);
    assert.equal(canceled.status, 200);
    assert.equal(canceled.body.error, "canceled");
  }));

Deno.test("GET /api/jobs lists the caller's jobs, newest first", () =>
  withSite(async (site) => {
    const ids = [];
    for (const type of ["flaky", "report"]) {
      ids.push((await call(site, ANN, "POST", "/api/jobs", { type, stepMs: 10_000 })).body.id);
    }
    await call(site, BOB, "POST", "/api/jobs", { type: "report", stepMs: 10 });
    const list = (await call(site, ANN, "GET", "/api/jobs")).body as unknown as {
      id: number;
      type: string;
      owner: string;
    }[];
    assert.deepEqual(list.map((job) => [job.id, job.type, job.owner]), [
      [ids[1], "report", "ann"],
      [ids[0], "flaky", "ann"],
    ]);
    for (const id of ids) await call(site, ANN, "DELETE", `/api/jobs/${id}`);
  }));

Deno.test("a user may have only so many unfinished jobs: 429 beyond, room again after a cancel", () =>
  withSite(async (site) => {
    const job = { type: "report", stepMs: 10_000 };
    const first = (await call(site, ANN, "POST", "/api/jobs", job)).body.id;
    const second = (await call(site, ANN, "POST", "/api/jobs", job)).body.id;
    const refused = await call(site, ANN, "POST", "/api/jobs", job);
    assert.equal(refused.status, 429);
    assert.equal(refused.body.title, "Too many unfinished jobs.");
    assert.equal((await call(site, BOB, "POST", "/api/jobs", { ...job, stepMs: 10 })).status, 202);
    await call(site, ANN, "DELETE", `/api/jobs/${first}`);
    const third = await call(site, ANN, "POST", "/api/jobs", job);
    assert.equal(third.status, 202);
    for (const id of [second, third.body.id]) await call(site, ANN, "DELETE", `/api/jobs/${id}`);
  }, 2));
