//! The typed message kinds a schema stream can map to, and the named fields each one needs.
//!
//! A schema file says `stream pt1 point side=blue`; this module knows that `point` needs one
//! `int` field called `point_kind`, which is how an edited schema is checked when it is loaded
//! rather than when the first datagram arrives.

/// A message kind as a schema names it; the names are those of [`crate::Message::kind`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Point,
    HitLevel,
    GamJeom,
    Injury,
    Challenge,
    Break,
    RoundWinners,
    WinnerShown,
    Winner,
    Athlete,
    MatchConfig,
    RoundScore,
    TotalScore,
    VideoTime,
    Clock,
    Round,
    FightLoaded,
    FightReady,
    UdpConnected,
    UdpDisconnected,
    Other,
}

/// What a typed field holds, so a schema field of another type can be refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    Int,
    Text,
    Time,
    Colour,
    /// An enum with this many words, matched to the typed values by position.
    Enum(usize),
}

impl Class {
    /// The schema type name, for error messages.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Class::Int => "int",
            Class::Text => "text",
            Class::Time => "time",
            Class::Colour => "colour",
            Class::Enum(_) => "enum",
        }
    }
}

/// One named field a typed kind reads.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Slot {
    /// The field name the schema must use.
    pub(crate) name: &'static str,
    /// The type the schema must give it.
    pub(crate) class: Class,
    /// Whether the typed value is an `Option`, so the field may be `optional` or `empty`.
    pub(crate) absent_ok: bool,
    /// Whether the kind means nothing without this field's text (a match load that names no
    /// match), so the schema must mark it `filled`.
    pub(crate) filled: bool,
}

/// Whether a kind's streams name an athlete.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SideRule {
    /// `side=blue` or `side=red` is required.
    Required,
    /// `side=blue`, `side=red` or `side=none` (the default).
    Optional,
    /// No `side=` attribute.
    Forbidden,
}

const fn slot(name: &'static str, class: Class) -> Slot {
    Slot {
        name,
        class,
        absent_ok: false,
        filled: false,
    }
}

const fn maybe(name: &'static str, class: Class) -> Slot {
    Slot {
        name,
        class,
        absent_ok: true,
        filled: false,
    }
}

/// A field the kind cannot do without: its text must not be empty.
const fn filled(name: &'static str, class: Class) -> Slot {
    Slot {
        name,
        class,
        absent_ok: false,
        filled: true,
    }
}

const MATCH_CONFIG: [Slot; 15] = [
    filled("number", Class::Text),
    slot("phase", Class::Text),
    slot("weight_class", Class::Text),
    maybe("rounds", Class::Int),
    maybe("blue_background", Class::Colour),
    maybe("blue_foreground", Class::Colour),
    maybe("red_background", Class::Colour),
    maybe("red_foreground", Class::Colour),
    slot("match_id", Class::Text),
    slot("division", Class::Text),
    maybe("total_rounds", Class::Int),
    maybe("round_seconds", Class::Int),
    maybe("count_direction", Class::Enum(2)),
    maybe("count_up", Class::Int),
    maybe("format", Class::Int),
];

impl Kind {
    /// Every kind, for name lookup.
    const ALL: [Kind; 21] = [
        Kind::Point,
        Kind::HitLevel,
        Kind::GamJeom,
        Kind::Injury,
        Kind::Challenge,
        Kind::Break,
        Kind::RoundWinners,
        Kind::WinnerShown,
        Kind::Winner,
        Kind::Athlete,
        Kind::MatchConfig,
        Kind::RoundScore,
        Kind::TotalScore,
        Kind::VideoTime,
        Kind::Clock,
        Kind::Round,
        Kind::FightLoaded,
        Kind::FightReady,
        Kind::UdpConnected,
        Kind::UdpDisconnected,
        Kind::Other,
    ];

    /// The kind a schema file names, e.g. `hit_level`.
    pub(crate) fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.name() == name)
    }

    /// The snake_case name, the same as [`crate::Message::kind`] returns.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Point => "point",
            Kind::HitLevel => "hit_level",
            Kind::GamJeom => "gam_jeom",
            Kind::Injury => "injury",
            Kind::Challenge => "challenge",
            Kind::Break => "break",
            Kind::RoundWinners => "round_winners",
            Kind::WinnerShown => "winner_shown",
            Kind::Winner => "winner",
            Kind::Athlete => "athlete",
            Kind::MatchConfig => "match_config",
            Kind::RoundScore => "round_score",
            Kind::TotalScore => "total_score",
            Kind::VideoTime => "video_time",
            Kind::Clock => "clock",
            Kind::Round => "round",
            Kind::FightLoaded => "fight_loaded",
            Kind::FightReady => "fight_ready",
            Kind::UdpConnected => "udp_connected",
            Kind::UdpDisconnected => "udp_disconnected",
            Kind::Other => "other",
        }
    }

    /// The named fields this kind reads, in the order the typed builder indexes them.
    /// Empty for `other` (any fields) and for the line-pattern kinds.
    pub(crate) fn slots(self) -> &'static [Slot] {
        const TIME_ACTION3: [Slot; 2] =
            [slot("time", Class::Time), maybe("action", Class::Enum(3))];
        const TIME_ACTION2: [Slot; 2] =
            [slot("time", Class::Time), maybe("action", Class::Enum(2))];
        match self {
            Kind::Point => const { &[slot("point_kind", Class::Int)] },
            Kind::HitLevel => const { &[slot("level", Class::Int)] },
            Kind::GamJeom => const { &[slot("count", Class::Int)] },
            Kind::Injury => &TIME_ACTION3,
            Kind::Challenge => const { &[maybe("decision", Class::Int), maybe("won", Class::Int)] },
            Kind::Break | Kind::Clock => &TIME_ACTION2,
            Kind::RoundWinners => {
                const {
                    &[
                        slot("round1", Class::Int),
                        slot("round2", Class::Int),
                        slot("round3", Class::Int),
                    ]
                }
            }
            Kind::WinnerShown => {
                const {
                    &[
                        slot("name", Class::Text),
                        maybe("classification", Class::Text),
                    ]
                }
            }
            Kind::Winner => const { &[slot("side", Class::Enum(2))] },
            Kind::Athlete => {
                const {
                    &[
                        slot("short_name", Class::Text),
                        slot("long_name", Class::Text),
                        slot("ioc", Class::Text),
                    ]
                }
            }
            Kind::MatchConfig => &MATCH_CONFIG,
            Kind::RoundScore | Kind::TotalScore => const { &[slot("score", Class::Int)] },
            Kind::VideoTime => const { &[slot("value", Class::Int)] },
            Kind::Round => const { &[slot("round", Class::Int)] },
            Kind::FightLoaded
            | Kind::FightReady
            | Kind::UdpConnected
            | Kind::UdpDisconnected
            | Kind::Other => &[],
        }
    }

    /// Whether a stream of this kind names an athlete.
    pub(crate) fn side_rule(self) -> SideRule {
        match self {
            Kind::Point
            | Kind::HitLevel
            | Kind::GamJeom
            | Kind::Athlete
            | Kind::RoundScore
            | Kind::TotalScore => SideRule::Required,
            Kind::Injury | Kind::Challenge => SideRule::Optional,
            _ => SideRule::Forbidden,
        }
    }

    /// Whether the kind is only for `line` patterns, not for `stream`s.
    pub(crate) fn is_line_kind(self) -> bool {
        matches!(self, Kind::UdpConnected | Kind::UdpDisconnected)
    }
}
