// Every wire type of the `vta` HTTP and WebSocket API (crates/server/API.md), in one file.
// Each type is a zod schema so the event socket can validate what arrives; the TypeScript
// types are inferred from the schemas. Fields the API documents as "null until sent" are
// nullable; unknown object keys are dropped, unknown event kinds and message types are kept
// as strings so a newer server does not break an older UI.
import { z } from "zod";

/** The two athletes' sides. */
export const sideSchema = z.enum(["blue", "red"]);
export type Side = z.infer<typeof sideSchema>;

/** Where the match is in its life. */
export const phaseSchema = z.enum([
  "idle",
  "loaded",
  "ready",
  "running",
  "paused",
  "break",
  "finished",
]);
export type Phase = z.infer<typeof phaseSchema>;

/** A clock or countdown as the PSS shows it. */
export const clockSchema = z.object({
  seconds: z.number(),
  text: z.string(),
  running: z.boolean(),
});
export type Clock = z.infer<typeof clockSchema>;

/** The injury timer of one athlete. */
export const injurySchema = z.object({
  seconds: z.number(),
  text: z.string(),
  shown: z.boolean(),
});

/** One athlete's live state. */
export const athleteStateSchema = z.object({
  short_name: z.string().nullable(),
  long_name: z.string().nullable(),
  ioc: z.string().nullable(),
  background: z.string().nullable(),
  foreground: z.string().nullable(),
  score: z.number(),
  round_scores: z.array(z.number()),
  gam_jeom: z.number(),
  last_hit_level: z.number().nullable().optional(),
  injury: injurySchema.nullable().optional(),
});
export type AthleteState = z.infer<typeof athleteStateSchema>;

/** A challenge outcome (video review). */
export const challengeOutcomeSchema = z.enum(["requested", "accepted", "denied", "cancelled"]);

/** A challenge in the live match; `side` is null for a referee review. */
export const challengeSchema = z.object({
  index: z.number(),
  side: z.string().nullable(),
  outcome: challengeOutcomeSchema,
  won: z.boolean().nullable(),
  round: z.number().nullable(),
  clock_seconds: z.number().nullable(),
  requested_at_us: z.number().nullable(),
  resolved_at_us: z.number().nullable(),
});
export type Challenge = z.infer<typeof challengeSchema>;

/** The live match as the server folds it from the feed. */
export const matchStateSchema = z.object({
  match_id: z.number().nullable(),
  phase: phaseSchema,
  number: z.string().nullable(),
  phase_name: z.string().nullable(),
  weight_class: z.string().nullable(),
  division: z.string().nullable(),
  total_rounds: z.number().nullable(),
  round_seconds: z.number().nullable(),
  round: z.number().nullable(),
  golden_round: z.boolean(),
  clock: clockSchema.nullable(),
  blue: athleteStateSchema,
  red: athleteStateSchema,
  break: clockSchema.nullable(),
  challenges: z.array(challengeSchema),
  open_challenge: z.number().nullable(),
  round_winners: z.array(sideSchema.nullable()),
  winner: sideSchema.nullable(),
  winner_name: z.string().nullable(),
  classification: z.string().nullable(),
  loaded_at_us: z.number().nullable(),
  ready_at_us: z.number().nullable(),
  started_at_us: z.number().nullable(),
  ended_at_us: z.number().nullable(),
});
export type MatchState = z.infer<typeof matchStateSchema>;

/** Known event kinds; the schema accepts any string so new kinds pass through. */
export const EVENT_KINDS = [
  "point",
  "hit_level",
  "gam_jeom",
  "injury",
  "challenge",
  "break",
  "round_winners",
  "winner_shown",
  "winner",
  "athlete",
  "match_config",
  "round_score",
  "total_score",
  "video_time",
  "clock",
  "round",
  "fight_loaded",
  "fight_ready",
  "udp_connected",
  "udp_disconnected",
  "other",
  "raw",
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** One parsed WT_UDP message as stored. `side` may also be `referee` for challenges. */
export const eventSchema = z.object({
  seq: z.number(),
  index: z.number(),
  kind: z.string(),
  side: z.string().nullable(),
  value: z.number().nullable(),
  round: z.number().nullable(),
  clock_seconds: z.number().nullable(),
  match_id: z.number().nullable(),
  received_at_us: z.number(),
  data: z.record(z.string(), z.unknown()).nullable(),
});
export type Event = z.infer<typeof eventSchema>;

/** Names of a stored match's athlete. */
export const storedAthleteSchema = z.object({
  short_name: z.string().nullable(),
  long_name: z.string().nullable(),
  ioc: z.string().nullable(),
});

/** A stored challenge (no index). */
export const storedChallengeSchema = challengeSchema.omit({ index: true });

/** The tournament something is filed under. */
export const filedTournamentSchema = z.object({ id: z.number(), name: z.string() });
/** The day something is filed under. */
export const filedDaySchema = z.object({ id: z.number(), name: z.string(), date: z.string() });

/** A stored match, as `vta matches --json` prints it. */
export const matchSchema = z.object({
  id: z.number(),
  tournament: filedTournamentSchema.nullable().optional(),
  day: filedDaySchema.nullable().optional(),
  match_number: z.string().nullable(),
  phase: z.string().nullable(),
  weight_class: z.string().nullable(),
  division: z.string().nullable(),
  pss_match_id: z.string().nullable(),
  status: z.string(),
  blue: storedAthleteSchema,
  red: storedAthleteSchema,
  score: z.object({ blue: z.number(), red: z.number() }),
  round_scores: z.array(z.object({ round: z.number(), blue: z.number(), red: z.number() })),
  gamjeom: z.object({ blue: z.number(), red: z.number() }),
  round_winners: z.array(sideSchema.nullable()),
  winner: sideSchema.nullable(),
  winner_name: z.string().nullable(),
  classification: z.string().nullable(),
  challenges: z.array(storedChallengeSchema),
  loaded_at_us: z.number().nullable(),
  ready_at_us: z.number().nullable(),
  started_at_us: z.number().nullable(),
  ended_at_us: z.number().nullable(),
});
export type Match = z.infer<typeof matchSchema>;

/** Datagram counts of one sending address. */
export const sourceCountersSchema = z.object({
  address: z.string(),
  datagrams: z.number(),
  bytes: z.number(),
  parse_errors: z.number(),
});

/** Ingest and store counters. */
export const countersSchema = z.object({
  datagrams: z.number(),
  bytes: z.number(),
  parse_errors: z.number(),
  store_errors: z.number(),
  receive_errors: z.number(),
  datagrams_per_second: z.number(),
  per_source: z.array(sourceCountersSchema),
  store: z.object({
    queued: z.number(),
    max_queue_depth: z.number(),
    backpressure_waits: z.number(),
    committed_datagrams: z.number(),
    committed_batches: z.number(),
    write_errors: z.number(),
  }),
});
export type Counters = z.infer<typeof countersSchema>;

/** One scoring PC heard on the PSS port (by sender address). */
export const pssSourceSchema = z.object({
  address: z.string(),
  datagrams: z.number(),
  last_seen_us: z.number(),
  /** The match number of its last `mch`; null before one. */
  last_match: z.string().nullable(),
  /** Whether its datagrams are this court's (folded into the live match). */
  followed: z.boolean(),
  /** Whether it sent in the last 30 s. */
  sending: z.boolean(),
});
export type PssSource = z.infer<typeof pssSourceSchema>;

/** Every scoring PC heard and the one followed (`GET /api/pss/sources`, the `pss` message). */
export const pssSourcesSchema = z.object({
  /** `auto`, `IP` or `IP:PORT`. */
  rule: z.string(),
  /** The source followed; null while `auto` waits for a fight to load. */
  followed: z.string().nullable(),
  /** How many scoring PCs (distinct IPs) sent in the last 30 s. */
  sending: z.number(),
  sources: z.array(pssSourceSchema),
});
export type PssSources = z.infer<typeof pssSourcesSchema>;

/** The UDP listener: where it listens (while stopped, where it last listened) and whether it does. */
export const udpStatusSchema = z.object({ bind: z.string(), listening: z.boolean() });
export type UdpStatus = z.infer<typeof udpStatusSchema>;

/** One of the machine's network interfaces (`GET /api/network/interfaces`). */
export const networkInterfaceSchema = z.object({
  name: z.string(),
  /** IPv4 first, then IPv6. */
  addresses: z.array(z.string()),
  loopback: z.boolean(),
  /** Up and running. */
  up: z.boolean(),
});
export type NetworkInterface = z.infer<typeof networkInterfaceSchema>;

/** `GET /api/health`. */
export const healthSchema = z.object({ status: z.string(), version: z.string() });
export type Health = z.infer<typeof healthSchema>;

/** What an OBS connection is used for: recording, streaming or both. */
export const obsRoleSchema = z.enum(["rec", "str", "both"]);
export type ObsRole = z.infer<typeof obsRoleSchema>;

/** Where an OBS connection stands. */
export const obsStatusSchema = z.enum(["disconnected", "connecting", "connected", "error"]);
export type ObsStatus = z.infer<typeof obsStatusSchema>;

/** The obs-websocket protocol of a connection (`auto`: the server finds out). */
export const obsProtocolSchema = z.enum(["auto", "v5", "v4"]);
export type ObsProtocol = z.infer<typeof obsProtocolSchema>;

/**
 * One OBS connection as the snapshot, the `obs` message and `/api/obs/connections` list it.
 * The address, protocol and round trip came with the connections API; they are optional so
 * an `obs` list from an older server still reads, and null for a connection the server knows
 * only from its status events.
 */
export const obsConnectionSchema = z.object({
  name: z.string(),
  host: z.string().nullable().optional(),
  port: z.number().nullable().optional(),
  protocol: obsProtocolSchema.nullable().optional(),
  role: obsRoleSchema,
  enabled: z.boolean().nullable().optional(),
  has_password: z.boolean().nullable().optional(),
  status: obsStatusSchema,
  /** Why it is in error; null otherwise. */
  reason: z.string().nullable(),
  /** The last request's round trip in ms; null when unknown. */
  rtt_ms: z.number().nullable().optional(),
});
export type ObsConnection = z.infer<typeof obsConnectionSchema>;

/** The body of `POST /api/obs/connections` and `PUT /api/obs/connections/{name}`. */
export interface ObsConnectionInput {
  name: string;
  host: string;
  port: number;
  protocol: ObsProtocol;
  role: ObsRole;
  enabled: boolean;
  /** Absent: keep the stored one; `""`: none. */
  password?: string;
}

/** `POST /api/obs/connections/{name}/test`. */
export const obsTestResultSchema = z.object({
  ok: z.boolean(),
  obs_version: z.string().nullable(),
  websocket_version: z.string().nullable(),
  rtt_ms: z.number().nullable(),
  error: z.string().nullable(),
});
export type ObsTestResult = z.infer<typeof obsTestResultSchema>;

/** `GET /api/obs/scenes`: the STR connection's scenes. */
export const obsScenesSchema = z.object({
  connection: z.string(),
  current: z.string().nullable(),
  scenes: z.array(z.string()),
});
export type ObsScenes = z.infer<typeof obsScenesSchema>;

/** `{"ok": true}` answers; the replay buffer's save adds the clip's path. */
export const okSchema = z.object({ ok: z.boolean(), path: z.string().nullable().optional() });

/** The recorder: whether OBS records a match now, into which file. */
export const recordingSchema = z.object({
  active: z.boolean(),
  path: z.string().nullable(),
  match_id: z.number().nullable(),
});
export type Recording = z.infer<typeof recordingSchema>;

/** The replay flow's state for the operator (`idle` when there is no replay flow). */
export const replayStatusSchema = z.object({
  status: z.enum(["idle", "saving", "queued", "playing", "closed", "failed", "warning"]),
  replay_id: z.number().nullable(),
  reason: z.string().nullable(),
});
export type ReplayStatus = z.infer<typeof replayStatusSchema>;

/** An athlete as a recording row and a manual match name them. */
export const namedAthleteSchema = z.object({ name: z.string().nullable(), ioc: z.string().nullable() });
export type NamedAthlete = z.infer<typeof namedAthleteSchema>;

/**
 * One archive row of `GET /api/recordings`: a match recording or a challenge's clip. Ids count
 * per kind (a recording and a clip may share one); `path` is null when OBS never named the file.
 */
export const archiveRecordingSchema = z.object({
  id: z.number(),
  kind: z.enum(["recording", "clip"]),
  path: z.string().nullable(),
  exists: z.boolean(),
  match_id: z.number().nullable(),
  tournament: filedTournamentSchema.nullable().optional(),
  day: filedDaySchema.nullable().optional(),
  match_number: z.string().nullable(),
  phase: z.string().nullable(),
  weight_class: z.string().nullable(),
  blue: namedAthleteSchema,
  red: namedAthleteSchema,
  started_at_us: z.number(),
  stopped_at_us: z.number().nullable(),
  event_kinds: z.array(z.string()),
});
export type ArchiveRecording = z.infer<typeof archiveRecordingSchema>;

/** `POST /api/replay/play`. */
export const playAnswerSchema = z.object({ ok: z.boolean(), path: z.string(), offset_seconds: z.number() });
export type PlayAnswer = z.infer<typeof playAnswerSchema>;

/** `POST /api/replay/loop`: the loop points in seconds of the file. */
export const loopAnswerSchema = z.object({ a: z.number().nullable(), b: z.number().nullable() });
export type LoopAnswer = z.infer<typeof loopAnswerSchema>;

/** Log levels, most severe first. */
export const LOG_LEVELS = ["error", "warn", "info", "debug"] as const;
export const logLevelSchema = z.enum(LOG_LEVELS);
export type LogLevel = z.infer<typeof logLevelSchema>;

/** One line of the server's log (`GET /api/logs`, the `log` message). */
export const logLineSchema = z.object({
  seq: z.number(),
  at_us: z.number(),
  level: logLevelSchema,
  target: z.string(),
  message: z.string(),
  fields: z.record(z.string(), z.unknown()),
});
export type LogLine = z.infer<typeof logLineSchema>;

/** The replay review screen and the scenes a challenge switches between. */
export const replaySettingsSchema = z.object({
  mpv_path: z.string(),
  mpv_args: z.array(z.string()),
  /** null: mpv's default screen. */
  screen: z.number().nullable(),
  fullscreen: z.boolean(),
  lead_seconds: z.number(),
  /** false: a replay starts on the keyframe at or before the lead (faster); true: on its exact frame. */
  exact_start: z.boolean(),
  clip_timeout_seconds: z.number(),
  link_window_seconds: z.number(),
  ivr_scene: z.string(),
  live_scene: z.string(),
});

/** Where and how recordings are written. */
export const recordingSettingsSchema = z.object({
  root: z.string(),
  stop_delay_seconds: z.number(),
  name_template: z.string(),
});

/** The global shortcuts of the dock (the UI and the desktop shell read the same map). */
export const hotkeySettingsSchema = z.object({
  replay: z.string(),
  toggle_dock: z.string(),
  mark: z.string(),
  close_replay: z.string(),
});
export type HotkeySettings = z.infer<typeof hotkeySettingsSchema>;

/** `GET/PUT /api/settings`: everything the operator can change, stored by the server. */
export const settingsSchema = z.object({
  replay: replaySettingsSchema,
  recording: recordingSettingsSchema,
  hotkeys: hotkeySettingsSchema,
});
export type Settings = z.infer<typeof settingsSchema>;

/** `POST /api/manual/match`. */
export const manualMatchCreatedSchema = z.object({ match_id: z.number() });

/** An operator's mark on the timeline (`POST /api/mark`, `GET /api/marks`, the `mark` message). */
export const markSchema = z.object({
  id: z.number(),
  match_id: z.number().nullable(),
  at_us: z.number(),
  round: z.number().nullable(),
  clock_seconds: z.number().nullable(),
  note: z.string(),
});
export type Mark = z.infer<typeof markSchema>;

/** What the licence check found (`crates/licence`). */
export const licenceStatusSchema = z.enum(["valid", "missing", "expired", "wrong_machine", "invalid"]);
export type LicenceStatus = z.infer<typeof licenceStatusSchema>;

/** This machine's licence (`GET/PUT /api/licence`, the snapshot, the `licence` message). */
export const licenceSchema = z.object({
  status: licenceStatusSchema,
  /** Set whenever the file is genuine (also expired or for another machine). */
  licensee: z.string().nullable(),
  /** The last valid day, `YYYY-MM-DD` (UTC). */
  expires: z.string().nullable(),
  /** This machine's code for the vendor, `VTA-XXXX-XXXX-XXXX-XXXX`; null when unknown. */
  fingerprint: z.string().nullable(),
  /** Why it is not valid; null when valid. */
  reason: z.string().nullable(),
});
export type Licence = z.infer<typeof licenceSchema>;

/** `GET /api/state`. */
export const stateResponseSchema = z.object({
  state: matchStateSchema,
  counters: countersSchema,
  udp: udpStatusSchema,
  manual_mode: z.boolean(),
  protocol_version: z.string(),
  obs: z.array(obsConnectionSchema),
  recording: recordingSchema,
  replay: replayStatusSchema,
  /** Optional so an older server's snapshot still reads; the contract test requires it. */
  settings: settingsSchema.optional(),
  /** Optional like `settings`; the contract test requires it. */
  licence: licenceSchema.optional(),
  /** Optional like `settings`; the contract test requires it. */
  pss: pssSourcesSchema.optional(),
});
export type StateResponse = z.infer<typeof stateResponseSchema>;

/** `GET /api/protocol`. */
export const protocolFileSchema = z.object({ version: z.string(), text: z.string() });
export type ProtocolFile = z.infer<typeof protocolFileSchema>;

/** `PUT /api/protocol`. */
export const protocolSavedSchema = z.object({ version: z.string() });

/** `POST /api/protocol/validate` when the file is accepted. */
export const protocolValidSchema = z.object({ ok: z.boolean(), version: z.string() });

/** `GET/PUT /api/manual`. */
export const manualModeSchema = z.object({ enabled: z.boolean() });
export type ManualMode = z.infer<typeof manualModeSchema>;

/** Every error body: a stable code, a message for a person, a line for a refused file. */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    line: z.number().optional(),
    /** The refused setting, e.g. `replay.lead_seconds` (422 of `PUT /api/settings`). */
    field: z.string().optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** The first message on a socket (and after a resume the server cannot serve). */
export const snapshotMessageSchema = z.object({
  type: z.literal("snapshot"),
  seq: z.number(),
  state: matchStateSchema,
  counters: countersSchema,
  udp: udpStatusSchema,
  manual_mode: z.boolean(),
  protocol_version: z.string().optional(),
  obs: z.array(obsConnectionSchema),
  recording: recordingSchema,
  replay: replayStatusSchema,
  settings: settingsSchema.optional(),
  licence: licenceSchema.optional(),
  pss: pssSourcesSchema.optional(),
});

/** What a datagram meant to the match (`point_scored`, ...), with the side it concerns. */
export const domainEventSchema = z.object({
  kind: z.string(),
  side: sideSchema.nullable().optional(),
});

/** One received datagram with the events parsed from it. */
export const datagramMessageSchema = z.object({
  type: z.literal("datagram"),
  seq: z.number(),
  datagram_seq: z.number(),
  received_at_us: z.number(),
  match_id: z.number().nullable(),
  events: z.array(eventSchema),
  domain_events: z.array(domainEventSchema),
});

/** The match changed. */
export const stateMessageSchema = z.object({
  type: z.literal("state"),
  seq: z.number(),
  state: matchStateSchema,
});

/** Datagrams up to `up_to_seq` are durably stored. */
export const storedMessageSchema = z.object({
  type: z.literal("stored"),
  seq: z.number(),
  up_to_seq: z.number(),
});

/** Counters, once a second. */
export const countersMessageSchema = z.object({
  type: z.literal("counters"),
  seq: z.number(),
  counters: countersSchema,
});

/** An OBS connection changed status: the whole list. */
export const obsMessageSchema = z.object({
  type: z.literal("obs"),
  seq: z.number(),
  obs: z.array(obsConnectionSchema),
});

/** The recorder started, stopped or waits for OBS. */
export const recordingMessageSchema = z.object({
  type: z.literal("recording"),
  seq: z.number(),
  recording: recordingSchema,
});

/** The replay flow changed state. */
export const replayMessageSchema = z.object({
  type: z.literal("replay"),
  seq: z.number(),
  replay: replayStatusSchema,
});

/** The settings were saved (by any client). */
export const settingsMessageSchema = z.object({
  type: z.literal("settings"),
  seq: z.number(),
  settings: settingsSchema,
});

/** Manual mode was turned on or off. */
export const manualMessageSchema = z.object({
  type: z.literal("manual"),
  seq: z.number(),
  enabled: z.boolean(),
});

/** The operator marked a moment. */
export const markMessageSchema = z.object({
  type: z.literal("mark"),
  seq: z.number(),
  mark: markSchema,
});

/** A server log line at info or above. */
export const logMessageSchema = z.object({
  type: z.literal("log"),
  seq: z.number(),
  log: logLineSchema,
});

/** The UDP listener started, stopped or moved. */
export const udpMessageSchema = z.object({
  type: z.literal("udp"),
  seq: z.number(),
  udp: udpStatusSchema,
});

/** A licence was installed (`PUT /api/licence`). */
export const licenceMessageSchema = z.object({
  type: z.literal("licence"),
  seq: z.number(),
  licence: licenceSchema,
});

/** The scoring PCs heard on the PSS port (once a second, and after a follow). */
export const pssMessageSchema = z.object({
  type: z.literal("pss"),
  seq: z.number(),
  pss: pssSourcesSchema,
});

/** Every message type this UI understands. */
export const socketMessageSchema = z.discriminatedUnion("type", [
  snapshotMessageSchema,
  datagramMessageSchema,
  stateMessageSchema,
  storedMessageSchema,
  countersMessageSchema,
  obsMessageSchema,
  recordingMessageSchema,
  replayMessageSchema,
  settingsMessageSchema,
  manualMessageSchema,
  markMessageSchema,
  logMessageSchema,
  udpMessageSchema,
  licenceMessageSchema,
  pssMessageSchema,
]);

/** The `type`s of socketMessageSchema (others are ignored, as API.md asks). */
export const SOCKET_MESSAGE_TYPES: ReadonlySet<string> = new Set(
  socketMessageSchema.options.map((option) => option.shape.type.value),
);
export type SocketMessage = z.infer<typeof socketMessageSchema>;
export type SnapshotMessage = z.infer<typeof snapshotMessageSchema>;
export type DatagramMessage = z.infer<typeof datagramMessageSchema>;
