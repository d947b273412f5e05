// Entry of overlay/winner.html.
import { mountOverlay } from "./mount-overlay";

mountOverlay("winner");
