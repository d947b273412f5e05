// Entry of overlay/replay.html.
import { mountOverlay } from "./mount-overlay";

mountOverlay("replay");
