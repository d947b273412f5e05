//! Names for recordings: the folder `<root>/<tournament>/<day>` and the file name
//! `<match number>_<blue short name>_<IOC>_vs_<red short name>_<IOC>`.
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

/// The file name (no extension, not yet escaped for OBS) for the match in `state`.
pub fn match_file_name(state: &MatchState) -> String {
    let number = state
        .config
        .as_ref()
        .map(|config| config.number.trim())
        .filter(|number| !number.is_empty())
        .unwrap_or("match");
    let name = format!(
        "{number}_{}_vs_{}",
        side_name(&state.blue, "Blue"),
        side_name(&state.red, "Red")
    );
    cap(&safe_component(&name), MAX_FILE_NAME_CHARS)
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

/// `short name_IOC`, or the long name, or `fallback` when the athlete is unknown.
fn side_name(side: &SideState, fallback: &str) -> String {
    let Some(athlete) = &side.athlete else {
        return fallback.to_owned();
    };
    let name = [athlete.short_name.trim(), athlete.long_name.trim()]
        .into_iter()
        .find(|name| !name.is_empty())
        .unwrap_or(fallback);
    match athlete.ioc.trim() {
        "" => name.to_owned(),
        ioc => format!("{name}_{ioc}"),
    }
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
    fn folder_parts_are_safe_too() {
        let folder = match_directory(Path::new("/rec"), "WT Open: 2026 / Day?", "2026-11-25");
        assert_eq!(folder, Path::new("/rec/WT Open- 2026 - Day-/2026-11-25"));
        assert_eq!(safe_component("nul"), "_nul");
        assert_eq!(safe_component("COM1.txt"), "_COM1.txt");
        assert_eq!(safe_component(" ..."), "_");
        assert_eq!(safe_component("a  \t b."), "a b");
    }
}
