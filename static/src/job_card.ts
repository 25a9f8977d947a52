/// <reference lib="dom" />
/**
 * A job's card on the jobs page, cloned from the page's `#job-template`:
 * title, status, progress bar, detail line, download link and Cancel button.
 * User data only ever reaches the page through textContent.
 *
 * @module
 */
import type { FileResult, Job } from "../../hubs/jobs/contract.ts";

const TITLES: Readonly<Record<string, string>> = { report: "Report", flaky: "Flaky job" };
const STATUS_LABELS: Readonly<Record<string, string>> = {
  queued: "Queued",
  running: "Running",
  completed: "Completed",
  failed: "Failed",
};

/** The parts of a card that change. */
export interface JobCard {
  readonly item: HTMLElement;
  readonly status: HTMLElement;
  readonly progress: HTMLProgressElement;
  readonly percent: HTMLElement;
  readonly detail: HTMLElement;
  readonly link: HTMLAnchorElement;
  readonly cancelButton: HTMLButtonElement;
}

/** What a card's link and button do. */
export interface JobCardActions {
  download(): void;
  cancel(): void;
}

/** A new card for `job`, not yet on the page. */
export function jobCard(job: Job, actions: JobCardActions): JobCard {
  const template = document.getElementById("job-template") as HTMLTemplateElement;
  const item = template.content.firstElementChild!.cloneNode(true) as HTMLElement;
  const part = <T extends HTMLElement>(testid: string) =>
    item.querySelector(`[data-testid="${testid}"]`) as T;
  item.dataset.jobId = String(job.id);
  part("job-title").textContent = `${TITLES[job.type] ?? job.type} #${job.id}`;
  part("job-progress").setAttribute("aria-label", `Progress of job ${job.id}`);
  const card: JobCard = {
    item,
    status: part("job-status"),
    progress: part("job-progress"),
    percent: part("job-percent"),
    detail: part("job-detail"),
    link: part("job-download"),
    cancelButton: part("job-cancel"),
  };
  card.link.addEventListener("click", (event) => {
    event.preventDefault();
    actions.download();
  });
  card.cancelButton.addEventListener("click", actions.cancel);
  return card;
}

/** Shows `job`'s state on its card. */
export function paintJob(job: Job, card: JobCard): void {
  card.item.dataset.status = job.status;
  card.status.textContent = STATUS_LABELS[job.status] ?? job.status;
  card.progress.value = job.progress ?? 0;
  card.percent.textContent = `${job.progress ?? 0} %`;
  card.cancelButton.hidden = job.status === "completed" || job.status === "failed";
  const result = job.status === "completed" ? job.result as FileResult | undefined : undefined;
  card.link.hidden = !result?.url;
  if (result?.url) {
    card.link.href = result.url;
    card.link.textContent = `Download ${result.filename} (${result.size})`;
  }
  const stepMs = Number(job.params?.stepMs ?? 1000);
  card.detail.textContent = job.status === "queued"
    ? "Waiting for a free slot…"
    : job.status === "running"
    ? `Working: ${stepMs / 1000} s per 10 %`
    : job.status === "failed"
    ? `Failed: ${job.error}`
    : "";
}
