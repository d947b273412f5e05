// Wire data for tests, shaped as crates/server/API.md documents it: the championship demo
// match in round 2 (N. DESMOND, MRN vs M. MÜLLER, SUI) and its stored events.
import type {
  ArchiveRecording,
  Counters,
  Event,
  Licence,
  LogLine,
  Mark,
  Match,
  MatchState,
  NetworkInterface,
  ObsConnection,
  PssSource,
  PssSources,
  Recording,
  ReplayStatus,
  Settings,
} from "@/types/api";

/** Counters of a healthy feed. */
/** This test machine's code. */
export const FINGERPRINT = "VTA-1A2B-3C4D-5E6F-7A8B";

/** No licence installed (the mock server's default, as on a fresh machine). */
export function licenceMissing(): Licence {
  return { status: "missing", licensee: null, expires: null, fingerprint: FINGERPRINT, reason: "no licence is installed" };
}

/** A valid licence for this machine until `expires`. */
export function licenceValid(expires = "2027-06-30"): Licence {
  return { status: "valid", licensee: "Dojang Open", expires, fingerprint: FINGERPRINT, reason: null };
}

/** The device part of a snapshot: no OBS connection, not recording, replay idle (the demo's),
 * no licence. */
export const devices: { obs: ObsConnection[]; recording: Recording; replay: ReplayStatus; licence: Licence } = {
  obs: [],
  recording: { active: false, path: null, match_id: null },
  replay: { status: "idle", replay_id: null, reason: null },
  licence: licenceMissing(),
};

/** The machine's network interfaces (`GET /api/network/interfaces`). */
export const networkInterfaces: NetworkInterface[] = [
  { name: "eth0", addresses: ["192.168.1.20", "2001:db8::20"], loopback: false, up: true },
  { name: "wlan0", addresses: ["10.0.0.7"], loopback: false, up: false },
  { name: "lo", addresses: ["127.0.0.1", "::1"], loopback: true, up: true },
];

/** The scoring PCs heard: one court by default; `twoCourts` adds another court's PC. */
export function pssSources(twoCourts = false): PssSources {
  const nowUs = Date.now() * 1000;
  const court = (address: string, datagrams: number, lastMatch: string, followed: boolean): PssSource => ({
    address,
    datagrams,
    last_seen_us: nowUs - 2_000_000,
    last_match: lastMatch,
    followed,
    sending: true,
  });
  const sources = [court("10.0.0.11:6000", 621, "101", true)];
  if (twoCourts) sources.push(court("10.0.0.12:51234", 410, "202", false));
  return { rule: "auto", followed: "10.0.0.11", sending: sources.length, sources };
}

export const counters: Counters = {
  datagrams: 621,
  bytes: 9000,
  parse_errors: 2,
  store_errors: 0,
  receive_errors: 0,
  datagrams_per_second: 12.5,
  per_source: [{ address: "127.0.0.1:5000", datagrams: 621, bytes: 9000, parse_errors: 2 }],
  store: {
    queued: 0,
    max_queue_depth: 9,
    backpressure_waits: 0,
    committed_datagrams: 621,
    committed_batches: 500,
    write_errors: 0,
  },
};

/** The live match: round 2, 1:23 left, blue 8 red 5. */
export function liveState(overrides: Partial<MatchState> = {}): MatchState {
  return {
    match_id: 2,
    phase: "running",
    number: "101",
    phase_name: "Round of 16",
    weight_class: "M- 80 kg",
    division: "Senior",
    total_rounds: 3,
    round_seconds: 120,
    round: 2,
    golden_round: false,
    clock: { seconds: 83, text: "1:23", running: true },
    blue: {
      short_name: "N. DESMOND",
      long_name: "Nicolas DESMOND",
      ioc: "MRN",
      background: "#0000ff",
      foreground: "#ffffff",
      score: 8,
      round_scores: [8, 0, 0],
      gam_jeom: 1,
      last_hit_level: 61,
      injury: { seconds: 60, text: "1:00", shown: false },
    },
    red: {
      short_name: "M. MÜLLER",
      long_name: "Marcel MÜLLER",
      ioc: "SUI",
      background: "#ff0000",
      foreground: "#ffffff",
      score: 5,
      round_scores: [4, 1, 0],
      gam_jeom: 2,
      last_hit_level: 27,
      injury: { seconds: 52, text: "0:52", shown: true },
    },
    break: null,
    challenges: [
      {
        index: 0,
        side: "red",
        outcome: "denied",
        won: null,
        round: 1,
        clock_seconds: 80,
        requested_at_us: 1_700_000_040_000_000,
        resolved_at_us: 1_700_000_050_000_000,
      },
    ],
    open_challenge: null,
    round_winners: ["blue", null, null],
    winner: null,
    winner_name: null,
    classification: null,
    loaded_at_us: 1_700_000_000_000_000,
    ready_at_us: 1_700_000_001_000_000,
    started_at_us: 1_700_000_002_000_000,
    ended_at_us: null,
    ...overrides,
  };
}

const BASE_US = 1_700_000_002_000_000;

function event(seq: number, kind: string, side: string | null, value: number | null, round: number, clock: number, data: Record<string, unknown> | null = null, index = 0): Event {
  return {
    seq,
    index,
    kind,
    side,
    value,
    round,
    clock_seconds: clock,
    match_id: 2,
    received_at_us: BASE_US + seq * 1_000_000,
    data,
  };
}

/** Stored events of match 2, newest first as the API answers. */
export const matchEvents: Event[] = [
  event(1, "round", null, 1, 1, 120),
  // The PSS sends both gam-jeom counts at load and whenever one changes.
  event(1, "gam_jeom", "blue", 0, 1, 120, null, 1),
  event(1, "gam_jeom", "red", 0, 1, 120, null, 2),
  event(2, "clock", null, 120, 1, 120, { action: "start" }),
  event(3, "point", "blue", 2, 1, 112, { point: "body" }),
  event(4, "clock", null, 111, 1, 111),
  event(5, "point", "red", 1, 1, 101, { point: "punch" }),
  event(6, "clock", null, 95, 1, 95, { action: "stop" }),
  event(7, "point", "blue", 3, 1, 87, { point: "head" }),
  event(8, "challenge", "red", null, 1, 80, { stage: "requested" }),
  event(9, "challenge", "red", null, 1, 80, { stage: "denied" }),
  event(10, "gam_jeom", "blue", 0, 1, 66),
  event(10, "gam_jeom", "red", 1, 1, 66, null, 1),
  event(11, "hit_level", "blue", 61, 1, 60),
  event(12, "point", "red", 2, 1, 52, { point: "body" }),
].sort((a, b) => b.seq - a.seq || b.index - a.index);

/** A stored match row. */
export function storedMatch(overrides: Partial<Match> = {}): Match {
  return {
    id: 2,
    match_number: "101",
    phase: "Round of 16",
    weight_class: "M- 80 kg",
    division: "Senior",
    pss_match_id: "a14ddd5c",
    status: "finished",
    blue: { short_name: "N. DESMOND", long_name: "Nicolas DESMOND", ioc: "MRN" },
    red: { short_name: "M. MÜLLER", long_name: "Marcel MÜLLER", ioc: "SUI" },
    score: { blue: 24, red: 16 },
    round_scores: [
      { round: 1, blue: 8, red: 4 },
      { round: 2, blue: 5, red: 9 },
      { round: 3, blue: 11, red: 3 },
    ],
    gamjeom: { blue: 1, red: 3 },
    round_winners: ["blue", "red", "blue"],
    winner: "blue",
    winner_name: "Nicolas DESMOND",
    classification: "2-1 PTF",
    challenges: [],
    loaded_at_us: 1_700_000_000_000_000,
    ready_at_us: 1_700_000_001_000_000,
    started_at_us: BASE_US,
    ended_at_us: BASE_US + 600_000_000,
    ...overrides,
  };
}

/** A valid protocol file (the start of the v2.3 schema). */
export const protocolText = [
  "# WT_UDP v2.3",
  "version 2.3",
  "",
  "stream pt1 point side=blue",
  "    point_kind int 1..5",
  "stream pt2 point side=red",
  "    point_kind int 1..5",
].join("\n");

/** The server's default settings (the contract's example). */
export function settings(overrides: Partial<Settings> = {}): Settings {
  return {
    replay: {
      mpv_path: "mpv",
      mpv_args: ["--vo=gpu"],
      screen: 1,
      fullscreen: true,
      lead_seconds: 10,
      exact_start: false,
      clip_timeout_seconds: 5,
      link_window_seconds: 20,
      ivr_scene: "IVR_SCENE",
      live_scene: "LIVE_SCENE",
    },
    recording: {
      root: "/home/op/Videos/reStrike",
      stop_delay_seconds: 30,
      name_template: "{number}_{blue}_{blue_ioc}_vs_{red}_{red_ioc}",
    },
    hotkeys: { replay: "Ctrl+Alt+R", toggle_dock: "Ctrl+Alt+Space", mark: "Ctrl+Alt+M", close_replay: "Ctrl+Alt+C" },
    ...overrides,
  };
}

/** One OBS connection as the connections API lists it. */
export function obsConnection(overrides: Partial<ObsConnection> = {}): ObsConnection {
  return {
    name: "court-1",
    host: "127.0.0.1",
    port: 4455,
    protocol: "v5",
    role: "both",
    enabled: true,
    has_password: true,
    status: "connected",
    reason: null,
    rtt_ms: 2.4,
    ...overrides,
  };
}

/** A mark of match 2 in round 1 at 1:30 (between the first points). */
export function mark(overrides: Partial<Mark> = {}): Mark {
  return { id: 3, match_id: 2, at_us: BASE_US + 4_500_000, round: 1, clock_seconds: 90, note: "", ...overrides };
}

/** The archive: the recording of match 2 (covers the whole match) and one challenge clip. */
export const archiveRecordings: ArchiveRecording[] = [
  {
    id: 4,
    kind: "clip",
    path: "/videos/clips/101_challenge_1.mkv",
    exists: false,
    match_id: 2,
    match_number: "101",
    phase: "Round of 16",
    weight_class: "M- 80 kg",
    blue: { name: "Nicolas DESMOND", ioc: "MRN" },
    red: { name: "Marcel MÜLLER", ioc: "SUI" },
    started_at_us: BASE_US + 6_000_000,
    stopped_at_us: BASE_US + 9_500_000,
    event_kinds: ["point", "challenge"],
  },
  {
    id: 3,
    kind: "recording",
    path: "/videos/101_Nicolas DESMOND_MRN_vs_Marcel MÜLLER_SUI.mkv",
    exists: true,
    match_id: 2,
    match_number: "101",
    phase: "Round of 16",
    weight_class: "M- 80 kg",
    blue: { name: "Nicolas DESMOND", ioc: "MRN" },
    red: { name: "Marcel MÜLLER", ioc: "SUI" },
    started_at_us: BASE_US - 1_000_000,
    stopped_at_us: BASE_US + 20_000_000,
    event_kinds: ["point", "gam_jeom", "challenge", "clock"],
  },
];

/** A few server log lines, oldest first. */
export const logLines: LogLine[] = [
  { seq: 1, at_us: BASE_US, level: "info", target: "vta", message: "listening", fields: { udp: "0.0.0.0:6000" } },
  { seq: 2, at_us: BASE_US + 1_000, level: "warn", target: "app::obs", message: "OBS connection lost", fields: { name: "court-1" } },
  { seq: 3, at_us: BASE_US + 2_000, level: "error", target: "app::replay", message: "mpv did not start", fields: {} },
  { seq: 4, at_us: BASE_US + 3_000, level: "debug", target: "app::ingest", message: "batch committed", fields: { datagrams: 12 } },
];
