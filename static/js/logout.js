// Every page: logging out clears what this browser kept for the candidate (drafts).
import { clearDrafts } from "./interview/drafts.js";

document.addEventListener("submit", (event) => {
  if (event.target instanceof HTMLFormElement && event.target.matches("[data-clears-drafts]")) {
    clearDrafts();
  }
});
