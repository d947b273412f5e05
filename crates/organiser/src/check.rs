//! The rules every name and date the organiser types must follow. A tournament's and a day's
//! name become folder names (`<root>/<tournament>/<day>`), so they must be valid on every file
//! system as they are, not only after being made safe.

use crate::OrganiserError;

/// Longest name, in characters.
const MAX_NAME_CHARS: usize = 80;

/// Characters no name may hold: path separators and what Windows refuses in a file name.
const PATH_CHARACTERS: &[char] = &['/', '\\', ':', '*', '?', '"', '<', '>', '|'];

/// `text` trimmed, or why it cannot name a tournament or a day.
pub fn check_name(field: &'static str, text: &str) -> Result<String, OrganiserError> {
    let invalid = |message: String| OrganiserError::Invalid { field, message };
    let name = text.trim();
    if name.is_empty() {
        return Err(invalid("must not be empty".into()));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(invalid(format!(
            "must be {MAX_NAME_CHARS} characters or fewer"
        )));
    }
    if let Some(bad) = name
        .chars()
        .find(|c| PATH_CHARACTERS.contains(c) || c.is_control())
    {
        return Err(invalid(format!(
            "must not contain {bad:?} (it names a folder of recordings)"
        )));
    }
    if name == "." || name == ".." || name.ends_with('.') {
        return Err(invalid("must not end with a dot".into()));
    }
    Ok(name.to_owned())
}

/// `text` as a date `YYYY-MM-DD` of the calendar, or why not.
pub fn check_date(field: &'static str, text: &str) -> Result<String, OrganiserError> {
    let invalid = || OrganiserError::Invalid {
        field,
        message: format!("{text:?} is not a date YYYY-MM-DD"),
    };
    let parts: Vec<&str> = text.split('-').collect();
    let [year, month, day] = parts.as_slice() else {
        return Err(invalid());
    };
    if year.len() != 4 || month.len() != 2 || day.len() != 2 {
        return Err(invalid());
    }
    let number = |part: &str| part.parse::<u32>().map_err(|_| invalid());
    let (year, month, day) = (number(year)?, number(month)?, number(day)?);
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(invalid()),
    };
    if day == 0 || day > days_in_month {
        return Err(invalid());
    }
    Ok(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_path_characters_refused() {
        assert_eq!(
            check_name("name", "  Day 2 – Finals ").unwrap(),
            "Day 2 – Finals"
        );
        for bad in [
            "",
            "   ",
            "Open/Riga",
            "a\\b",
            "C:",
            "what?",
            "tab\there",
            "..",
            "end.",
        ] {
            assert!(check_name("name", bad).is_err(), "{bad:?}");
        }
        assert!(check_name("name", &"x".repeat(81)).is_err());
    }

    #[test]
    fn dates_must_be_of_the_calendar() {
        assert!(check_date("date", "2028-02-29").is_ok());
        for bad in [
            "2027-02-29",
            "2026-13-01",
            "2026-1-01",
            "2026-04-31",
            "tomorrow",
            "2026-04-00",
        ] {
            assert!(check_date("date", bad).is_err(), "{bad:?}");
        }
    }
}
