//! Names for recordings: the folder `<root>/<tournament>/<day>` and the file name from a
//! [`NameTemplate`], by default `{number}_{blue}_{blue_ioc}_vs_{red}_{red_ioc}` (match number,
//! blue short name and IOC, red short name and IOC).
//!
//! Names must work on the ringside Windows laptop: the characters `\ / : * ? " < > |` and
//! control characters become `-`, runs of white space one space, trailing dots and spaces go,
//! device names (`CON`, `NUL`, `COM1`, ...) get a leading `_`, and a file name is cut to
//! [`MAX_FILE_NAME_CHARS`] characters. OBS reads the file name as a format in which `%` starts
//! a code (`%CCYY`), so [`obs_filename_format`] doubles every `%`.

use std::path::{Path, PathBuf};

use match_state::{MatchState, SideState};

/// The longest file name (without extension) the recorder asks for, in characters.
pub const MAX_FILE_NAME_CHARS: usize = 120;

/// Windows device names, which no file or folder may be called (whatever the extension).
const DEVICE_NAMES: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// The template recordings are named with unless the operator sets another.
pub const DEFAULT_TEMPLATE: &str = "{number}_{blue}_{blue_ioc}_vs_{red}_{red_ioc}";

/// The file name (no extension, not yet escaped for OBS) for the match in `state`, by
/// [`DEFAULT_TEMPLATE`].
pub fn match_file_name(state: &MatchState) -> String {
    NameTemplate::default().file_name(state, "")
}

/// A file-name template: text with placeholders in braces, checked once when it is parsed.
///
/// Placeholders: `{number}` (the match number, `match` when unknown), `{blue}` and `{red}`
/// (short name, else long name, else `Blue` / `Red`), `{blue_ioc}`, `{red_ioc}`, `{phase}`,
/// `{weight_class}`, `{division}` and `{date}` (`YYYY-MM-DD`). `{{` and `}}` are literal braces.
/// A placeholder with no value takes the separator text before it (`_`, `-`, `.`, spaces) with
/// it, so `KIM_{blue_ioc}_vs` without an IOC gives `KIM_vs`, not `KIM__vs`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameTemplate {
    text: String,
    parts: Vec<Part>,
}

/// One piece of a parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Field(Field),
}

/// The values a template can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Number,
    Blue,
    BlueIoc,
    Red,
    RedIoc,
    Phase,
    WeightClass,
    Division,
    Date,
}

/// Every placeholder name, in the order the docs list them.
pub const PLACEHOLDERS: &[&str] = &[
    "number",
    "blue",
    "blue_ioc",
    "red",
    "red_ioc",
    "phase",
    "weight_class",
    "division",
    "date",
];

impl Field {
    fn from_name(name: &str) -> Option<Field> {
        Some(match name {
            "number" => Field::Number,
            "blue" => Field::Blue,
            "blue_ioc" => Field::BlueIoc,
            "red" => Field::Red,
            "red_ioc" => Field::RedIoc,
            "phase" => Field::Phase,
            "weight_class" => Field::WeightClass,
            "division" => Field::Division,
            "date" => Field::Date,
            _ => return None,
        })
    }
}

/// Why a template was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    /// Nothing to name a file with.
    #[error("the name template is empty")]
    Empty,
    /// A placeholder this program does not know.
    #[error("unknown placeholder {{{name}}}; use {known}")]
    UnknownPlaceholder {
        /// The name inside the braces.
        name: String,
        /// The placeholders there are, written `{number}, {blue}, ...`.
        known: String,
    },
    /// A `{` without its `}`.
    #[error("the '{{' at character {0} is not closed")]
    Unclosed(usize),
    /// A `}` without a `{` before it.
    #[error("the '}}' at character {0} has no '{{' before it (write '}}}}' for a brace)")]
    Unopened(usize),
}

impl NameTemplate {
    /// Parses `text`, refusing unknown placeholders and unbalanced braces.
    pub fn parse(text: &str) -> Result<NameTemplate, TemplateError> {
        if text.trim().is_empty() {
            return Err(TemplateError::Empty);
        }
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut chars = text.chars().enumerate().peekable();
        while let Some((position, character)) = chars.next() {
            match character {
                '{' if chars.peek().map(|(_, next)| *next) == Some('{') => {
                    chars.next();
                    literal.push('{');
                }
                '}' if chars.peek().map(|(_, next)| *next) == Some('}') => {
                    chars.next();
                    literal.push('}');
                }
                '{' => {
                    let mut name = String::new();
                    loop {
                        match chars.next() {
                            Some((_, '}')) => break,
                            Some((_, inside)) => name.push(inside),
                            None => return Err(TemplateError::Unclosed(position + 1)),
                        }
                    }
                    let field = Field::from_name(name.trim()).ok_or_else(|| {
                        TemplateError::UnknownPlaceholder {
                            name: name.clone(),
                            known: PLACEHOLDERS
                                .iter()
                                .map(|known| format!("{{{known}}}"))
                                .collect::<Vec<_>>()
                                .join(", "),
                        }
                    })?;
                    if !literal.is_empty() {
                        parts.push(Part::Text(std::mem::take(&mut literal)));
                    }
                    parts.push(Part::Field(field));
                }
                '}' => return Err(TemplateError::Unopened(position + 1)),
                other => literal.push(other),
            }
        }
        if !literal.is_empty() {
            parts.push(Part::Text(literal));
        }
        Ok(NameTemplate {
            text: text.to_owned(),
            parts,
        })
    }

    /// The template as the operator wrote it.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The file name (no extension, safe on Windows, capped, not yet escaped for OBS) for the
    /// match in `state`; `date` is `YYYY-MM-DD`.
    pub fn file_name(&self, state: &MatchState, date: &str) -> String {
        // Each piece with whether it is a placeholder's value (else template text).
        let mut pieces: Vec<(String, bool)> = Vec::with_capacity(self.parts.len());
        let mut empty_fields = Vec::new();
        for part in &self.parts {
            match part {
                Part::Text(text) => pieces.push((text.clone(), false)),
                Part::Field(field) => {
                    let value = field_value(*field, state, date);
                    if value.is_empty() {
                        empty_fields.push(pieces.len());
                    }
                    pieces.push((value, true));
                }
            }
        }
        for &index in &empty_fields {
            let before = index.checked_sub(1);
            let separator = before
                .filter(|&i| !pieces[i].1 && is_separator(&pieces[i].0))
                .or_else(|| {
                    Some(index + 1)
                        .filter(|&i| before.is_none() && i < pieces.len())
                        .filter(|&i| !pieces[i].1 && is_separator(&pieces[i].0))
                });
            if let Some(i) = separator {
                pieces[i].0.clear();
            }
        }
        let name: String = pieces.into_iter().map(|(text, _)| text).collect();
        cap(&safe_component(&name), MAX_FILE_NAME_CHARS)
    }
}

impl Default for NameTemplate {
    /// [`DEFAULT_TEMPLATE`].
    fn default() -> Self {
        NameTemplate::parse(DEFAULT_TEMPLATE).expect("the default template parses")
    }
}

/// Text made only of the characters that join the parts of a name.
fn is_separator(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| matches!(c, '_' | '-' | '.' | ' '))
}

/// One placeholder's value for the match in `state`; empty when unknown (except the number and
/// the names, which have fallbacks).
fn field_value(field: Field, state: &MatchState, date: &str) -> String {
    let config = state.config.as_ref();
    let config_text = |text: fn(&pss::MatchConfig) -> &String| {
        config.map_or(String::new(), |config| text(config).trim().to_owned())
    };
    let ioc = |side: &SideState| {
        side.athlete
            .as_ref()
            .map_or(String::new(), |athlete| athlete.ioc.trim().to_owned())
    };
    match field {
        Field::Number => Some(config_text(|config| &config.number))
            .filter(|number| !number.is_empty())
            .unwrap_or_else(|| "match".to_owned()),
        Field::Blue => athlete_name(&state.blue, "Blue"),
        Field::BlueIoc => ioc(&state.blue),
        Field::Red => athlete_name(&state.red, "Red"),
        Field::RedIoc => ioc(&state.red),
        Field::Phase => config_text(|config| &config.phase),
        Field::WeightClass => config_text(|config| &config.weight_class),
        Field::Division => config_text(|config| &config.division),
        Field::Date => date.trim().to_owned(),
    }
}

/// The `n`-th file of a match (the recording resumed after OBS came back): `_part2`, ...
pub fn part_file_name(file_name: &str, part: u32) -> String {
    if part <= 1 {
        file_name.to_owned()
    } else {
        format!("{file_name}_part{part}")
    }
}

/// `<root>/<tournament>/<day>`, each part made safe.
pub fn match_directory(root: &Path, tournament: &str, day: &str) -> PathBuf {
    root.join(safe_component(tournament))
        .join(safe_component(day))
}

/// The UTC date `YYYY-MM-DD` of `at_us` (µs since the Unix epoch).
pub fn utc_date(at_us: i64) -> String {
    // Howard Hinnant's days-to-civil algorithm, for the proleptic Gregorian calendar.
    let days = at_us.div_euclid(86_400_000_000);
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// `name` as OBS's `FilenameFormatting`: every `%` doubled so OBS writes it as is.
pub fn obs_filename_format(name: &str) -> String {
    name.replace('%', "%%")
}

/// One file or folder name that Windows and Linux both accept.
pub fn safe_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last_was_space = false;
    for character in text.chars() {
        let character = match character {
            '\\' | '/' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '-',
            character if character.is_whitespace() => ' ',
            character if character.is_control() => '-',
            character => character,
        };
        if character == ' ' {
            if last_was_space || out.is_empty() {
                continue;
            }
            last_was_space = true;
        } else {
            last_was_space = false;
        }
        out.push(character);
    }
    let trimmed = out.trim_end_matches(['.', ' ']);
    if trimmed.is_empty() {
        return "_".to_owned();
    }
    let stem = trimmed.split('.').next().unwrap_or(trimmed);
    if DEVICE_NAMES
        .iter()
        .any(|device| device.eq_ignore_ascii_case(stem))
    {
        return format!("_{trimmed}");
    }
    trimmed.to_owned()
}

/// The short name, or the long name, or `fallback` when the athlete is unknown.
fn athlete_name(side: &SideState, fallback: &str) -> String {
    side.athlete
        .as_ref()
        .and_then(|athlete| {
            [athlete.short_name.trim(), athlete.long_name.trim()]
                .into_iter()
                .find(|name| !name.is_empty())
        })
        .unwrap_or(fallback)
        .to_owned()
}

/// At most `max_chars` characters, without trailing dots or spaces.
fn cap(text: &str, max_chars: usize) -> String {
    let cut: String = text.chars().take(max_chars).collect();
    let trimmed = cut.trim_end_matches(['.', ' ']);
    if trimmed.is_empty() {
        "_".to_owned()
    } else {
        trimmed.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use pss::{AthleteInfo, MatchConfig, Message, Side};

    use super::*;

    fn state(number: &str, blue: (&str, &str), red: (&str, &str)) -> MatchState {
        let mut state = MatchState::new();
        let config = MatchConfig {
            number: number.into(),
            phase: String::new(),
            weight_class: String::new(),
            rounds: None,
            blue_background: None,
            blue_foreground: None,
            red_background: None,
            red_foreground: None,
            match_id: String::new(),
            division: String::new(),
            total_rounds: None,
            round_seconds: None,
            count_direction: None,
            count_up: None,
            format: None,
        };
        state.apply(&Message::MatchConfig(Box::new(config)), 1);
        for (side, (short_name, ioc)) in [(Side::Blue, blue), (Side::Red, red)] {
            let info = AthleteInfo {
                short_name: short_name.into(),
                long_name: format!("{short_name} long"),
                ioc: ioc.into(),
            };
            state.apply(&Message::Athlete { side, info }, 2);
        }
        state
    }

    #[test]
    fn the_file_name_follows_the_match_data() {
        let state = state("0042", ("KIM", "KOR"), ("LEE", "USA"));
        assert_eq!(match_file_name(&state), "0042_KIM_KOR_vs_LEE_USA");
        assert_eq!(
            part_file_name("0042_KIM_KOR_vs_LEE_USA", 2),
            "0042_KIM_KOR_vs_LEE_USA_part2"
        );
        assert_eq!(part_file_name("a", 1), "a");
    }

    #[test]
    fn windows_forbidden_characters_and_control_characters_are_replaced() {
        let state = state("A/1", ("K:M*?", "K<R>"), ("L\"E|E\\", "U\u{7}SA"));
        let name = match_file_name(&state);
        assert_eq!(name, "A-1_K-M--_K-R-_vs_L-E-E-_U-SA");
        assert!(!name.contains(['\\', '/', ':', '*', '?', '"', '<', '>', '|']));
    }

    #[test]
    fn percent_is_escaped_for_obs_and_kept_in_the_name() {
        let state = state("100%", ("A%B", "KOR"), ("%CCYY", "USA"));
        let name = match_file_name(&state);
        assert_eq!(name, "100%_A%B_KOR_vs_%CCYY_USA");
        assert_eq!(obs_filename_format(&name), "100%%_A%%B_KOR_vs_%%CCYY_USA");
    }

    #[test]
    fn long_names_are_capped_without_a_trailing_dot_or_space() {
        let long = "N".repeat(80) + ". X";
        let state = state("7", (&long, "KOR"), (&long, "USA"));
        let name = match_file_name(&state);
        assert_eq!(name.chars().count(), MAX_FILE_NAME_CHARS);
        let cut = cap(&format!("{}. abc", "é".repeat(118)), MAX_FILE_NAME_CHARS);
        assert_eq!(
            cut,
            "é".repeat(118),
            "cut on a character, trailing '. ' gone"
        );
    }

    #[test]
    fn unknown_athletes_and_numbers_have_fallbacks() {
        assert_eq!(match_file_name(&MatchState::new()), "match_Blue_vs_Red");
    }

    #[test]
    fn a_template_names_every_field_and_drops_the_separator_of_an_empty_one() {
        let mut with_phase = state("101", ("KIM", "KOR"), ("LEE", ""));
        let mut config = with_phase.config.clone().expect("config");
        config.phase = "Final".into();
        config.weight_class = "M-58kg".into();
        with_phase.apply(&Message::MatchConfig(Box::new(config)), 3);
        let template = NameTemplate::parse(
            "{date}_{phase}_{weight_class}_{number}_{blue}-{blue_ioc}_{red}-{red_ioc}",
        )
        .expect("parses");
        assert_eq!(
            template.file_name(&with_phase, "2026-11-25"),
            "2026-11-25_Final_M-58kg_101_KIM-KOR_LEE"
        );
        let leading_empty = NameTemplate::parse("{division}_{number}").expect("parses");
        assert_eq!(leading_empty.file_name(&with_phase, ""), "101");
        let braces = NameTemplate::parse("{{{number}}}").expect("parses");
        assert_eq!(braces.file_name(&with_phase, ""), "{101}");
        assert_eq!(NameTemplate::default().as_str(), DEFAULT_TEMPLATE);
    }

    #[test]
    fn a_bad_template_is_refused_with_what_is_wrong() {
        let unknown = NameTemplate::parse("{number}_{athlete}").unwrap_err();
        assert_eq!(
            unknown.to_string(),
            "unknown placeholder {athlete}; use {number}, {blue}, {blue_ioc}, {red}, {red_ioc}, \
             {phase}, {weight_class}, {division}, {date}"
        );
        assert_eq!(
            NameTemplate::parse("a_{number"),
            Err(TemplateError::Unclosed(3))
        );
        assert_eq!(NameTemplate::parse("a}b"), Err(TemplateError::Unopened(2)));
        assert_eq!(NameTemplate::parse("  "), Err(TemplateError::Empty));
    }

    #[test]
    fn utc_dates() {
        assert_eq!(utc_date(0), "1970-01-01");
        assert_eq!(utc_date(1_795_608_000_000_000), "2026-11-25");
        assert_eq!(utc_date(951_782_400_000_000), "2000-02-29");
        assert_eq!(utc_date(-1), "1969-12-31");
    }

    #[test]
    fn folder_parts_are_safe_too() {
        let folder = match_directory(Path::new("/rec"), "WT Open: 2026 / Day?", "2026-11-25");
        assert_eq!(folder, Path::new("/rec/WT Open- 2026 - Day-/2026-11-25"));
        assert_eq!(safe_component("nul"), "_nul");
        assert_eq!(safe_component("COM1.txt"), "_COM1.txt");
        assert_eq!(safe_component(" ..."), "_");
        assert_eq!(safe_component("a  \t b."), "a b");
    }
}
