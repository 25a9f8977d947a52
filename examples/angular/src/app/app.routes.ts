import type { Routes } from "@angular/router";
import { ChatComponent } from "./chat/chat.component";
import { DianaComponent } from "./diana/diana.component";
import { JobsComponent } from "./jobs/jobs.component";

/** One page per seed service. */
export const routes: Routes = [
  { path: "", pathMatch: "full", redirectTo: "chat" },
  {
    path: "chat",
    component: ChatComponent,
    title: "Chat · Switchboard Angular",
  },
  {
    path: "jobs",
    component: JobsComponent,
    title: "Jobs · Switchboard Angular",
  },
  {
    path: "diana",
    component: DianaComponent,
    title: "Diana · Switchboard Angular",
  },
];
