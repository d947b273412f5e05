// Entry of overlay/scoreboard.html.
import { mountOverlay } from "./mount-overlay";

mountOverlay("scoreboard");
