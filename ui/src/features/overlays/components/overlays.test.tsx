// The overlays: scoreboard content, the replay banner's start and close animations following
// the replay flow, the winner card only once there is a winner.
import { act, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { liveState } from "@/testing/mocks/fixtures";
import type { ReplayStatus } from "@/types/api";

import { BANNER_CLOSE_MS, ReplayBanner } from "./replay-banner";
import { ScoreboardOverlay } from "./scoreboard-overlay";
import { WinnerCard } from "./winner-card";

function replay(status: ReplayStatus["status"]): ReplayStatus {
  return { status, replay_id: status === "idle" ? null : 3, reason: status === "failed" ? "no clip" : null };
}

describe("overlays", () => {
  it("draws the scoreboard with names, flags, scores, gam-jeom, clock and injury time", () => {
    render(<ScoreboardOverlay match={liveState()} />);
    expect(screen.getByText("M. MÜLLER")).toBeInTheDocument();
    expect(screen.getByRole("img", { name: "flag of SUI" })).toBeInTheDocument();
    expect(screen.getByLabelText("blue score")).toHaveTextContent("8");
    expect(screen.getByLabelText("red gam-jeom")).toHaveTextContent("GJ 2");
    expect(screen.getByLabelText("Clock")).toHaveTextContent("1:23");
    expect(screen.getByLabelText("Round")).toHaveTextContent("ROUND 2");
    expect(screen.getByLabelText("red injury time")).toHaveTextContent("0:52");
    expect(screen.queryByLabelText("blue injury time")).not.toBeInTheDocument();
  });

  it("draws nothing before a match", () => {
    const { container } = render(<ScoreboardOverlay match={liveState({ match_id: null, phase: "idle" })} />);
    expect(container).toBeEmptyDOMElement();
  });

  it("slides the replay banner in when a replay plays and out when it closes or fails", () => {
    vi.useFakeTimers();
    try {
      const open = liveState({ open_challenge: 0 });
      const { rerender } = render(<ReplayBanner match={open} replay={replay("saving")} />);
      expect(screen.queryByRole("status")).not.toBeInTheDocument();
      rerender(<ReplayBanner match={open} replay={replay("playing")} />);
      const banner = screen.getByRole("status", { name: "Replay banner" });
      expect(banner).toHaveTextContent("VIDEO REPLAY · RED CHALLENGE · M. MÜLLER");
      expect(banner).toHaveClass("animate-banner-in");
      rerender(<ReplayBanner match={open} replay={replay("warning")} />);
      expect(screen.getByRole("status", { name: "Replay banner" })).toHaveClass("animate-banner-in");
      rerender(<ReplayBanner match={open} replay={replay("closed")} />);
      expect(screen.getByRole("status", { name: "Replay banner" })).toHaveClass("animate-banner-out");
      act(() => vi.advanceTimersByTime(BANNER_CLOSE_MS + 10));
      expect(screen.queryByRole("status")).not.toBeInTheDocument();

      rerender(<ReplayBanner match={liveState()} replay={replay("playing")} />);
      expect(screen.getByRole("status", { name: "Replay banner" })).toHaveTextContent(/^VIDEO REPLAY$/);
      rerender(<ReplayBanner match={liveState()} replay={replay("failed")} />);
      expect(screen.getByRole("status", { name: "Replay banner" })).toHaveClass("animate-banner-out");
      act(() => vi.advanceTimersByTime(BANNER_CLOSE_MS + 10));
      expect(screen.queryByRole("status")).not.toBeInTheDocument();
    } finally {
      vi.useRealTimers();
    }
  });

  it("follows the open challenge when the server has no replay flow (idle)", () => {
    vi.useFakeTimers();
    try {
      const { rerender } = render(<ReplayBanner match={liveState()} replay={replay("idle")} />);
      expect(screen.queryByRole("status")).not.toBeInTheDocument();
      rerender(<ReplayBanner match={liveState({ open_challenge: 0 })} replay={replay("idle")} />);
      expect(screen.getByRole("status", { name: "Replay banner" })).toHaveClass("animate-banner-in");
      rerender(<ReplayBanner match={liveState()} replay={replay("idle")} />);
      expect(screen.getByRole("status", { name: "Replay banner" })).toHaveClass("animate-banner-out");
    } finally {
      vi.useRealTimers();
    }
  });

  it("names a referee review", () => {
    const review = liveState({
      open_challenge: 1,
      challenges: [...liveState().challenges, { index: 1, side: "referee", outcome: "requested", won: null, round: 3, clock_seconds: 60, requested_at_us: 1, resolved_at_us: null }],
    });
    render(<ReplayBanner match={review} replay={replay("playing")} />);
    expect(screen.getByRole("status")).toHaveTextContent("REFEREE REVIEW");
  });

  it("shows the winner card once a winner is set", () => {
    const { rerender } = render(<WinnerCard match={liveState()} />);
    expect(screen.queryByRole("status")).not.toBeInTheDocument();
    rerender(<WinnerCard match={liveState({ winner: "red", winner_name: "Marcel MÜLLER", classification: "2-1 PTF" })} />);
    const card = screen.getByRole("status", { name: "Winner card" });
    expect(card).toHaveTextContent("Marcel MÜLLER");
    expect(card).toHaveTextContent("2-1 PTF");
    expect(screen.getByRole("img", { name: "flag of SUI" })).toBeInTheDocument();
  });
});
