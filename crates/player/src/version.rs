//! Which `loadfile` argument form this mpv understands, read from its `mpv-version`.
//!
//! mpv 0.38 added an `index` argument to `loadfile`, so its per-file options moved from the 3rd
//! to the 4th argument: `loadfile <file> replace start=-10` before, `loadfile <file> replace -1
//! start=-10` since. A version string decides it when it names a release; a git build made
//! between 0.37 and 0.38, or a string we cannot read, is settled by asking mpv for its
//! `command-list` and looking for the `index` argument ([`LoadfileForm::from_command_list`]).

use serde_json::Value;

/// How `loadfile` takes its per-file options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadfileForm {
    /// mpv before 0.38: `loadfile <file> <flags> <options>`.
    OptionsThird,
    /// mpv 0.38 and later: `loadfile <file> <flags> <index> <options>`.
    OptionsFourth,
}

/// What mpv said about its version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MpvVersion {
    /// The `mpv-version` property as mpv sent it, e.g. `mpv 0.35.1` or `mpv v0.39.0-dirty`.
    pub text: String,
    /// The release it names or builds on (major, minor, patch), when readable.
    pub release: Option<(u32, u32, u32)>,
    /// A git build made after that release (`-<n>-g<hash>` in the string).
    pub commits_after_release: bool,
}

impl MpvVersion {
    /// Reads an `mpv-version` string. Never fails: an unreadable one has no `release`.
    pub fn parse(text: &str) -> Self {
        let trimmed = text.trim();
        let rest = trimmed.strip_prefix("mpv").unwrap_or(trimmed).trim_start();
        let rest = rest.strip_prefix('v').unwrap_or(rest);
        let number_end = rest
            .find(|character: char| !(character.is_ascii_digit() || character == '.'))
            .unwrap_or(rest.len());
        let (number, suffix) = rest.split_at(number_end);
        let mut parts = number.split('.').map(str::parse::<u32>);
        let release = match (parts.next(), parts.next(), parts.next()) {
            (Some(Ok(major)), Some(Ok(minor)), patch) => {
                Some((major, minor, patch.and_then(Result::ok).unwrap_or(0)))
            }
            _ => None,
        };
        Self {
            text: text.to_owned(),
            release,
            commits_after_release: release.is_some() && has_git_describe_suffix(suffix),
        }
    }

    /// The `loadfile` form this version takes, or `None` when the version cannot tell (ask
    /// [`LoadfileForm::from_command_list`] then).
    pub fn loadfile_form(&self) -> Option<LoadfileForm> {
        let release = self.release?;
        if release >= (0, 38, 0) {
            Some(LoadfileForm::OptionsFourth)
        } else if release >= (0, 37, 0) && self.commits_after_release {
            // Built from the 0.38 development branch: the change may or may not be in.
            None
        } else {
            Some(LoadfileForm::OptionsThird)
        }
    }
}

impl LoadfileForm {
    /// The form `loadfile` takes according to mpv's `command-list` property: 4th-argument
    /// options when it has an argument named `index`. `None` when `loadfile` is not listed.
    pub fn from_command_list(command_list: &Value) -> Option<Self> {
        let loadfile = command_list
            .as_array()?
            .iter()
            .find(|command| command.get("name").and_then(Value::as_str) == Some("loadfile"))?;
        let has_index = loadfile
            .get("args")
            .and_then(Value::as_array)
            .is_some_and(|arguments| {
                arguments
                    .iter()
                    .any(|argument| argument.get("name").and_then(Value::as_str) == Some("index"))
            });
        Some(if has_index {
            LoadfileForm::OptionsFourth
        } else {
            LoadfileForm::OptionsThird
        })
    }
}

/// True for `git describe` suffixes such as `-406-g4ed4ff3d4a` or `-12-gabc123-dirty`.
fn has_git_describe_suffix(suffix: &str) -> bool {
    let mut pieces = suffix.split('-');
    if pieces.next() != Some("") {
        return false;
    }
    let commits = pieces.next().unwrap_or("");
    let hash = pieces.next().unwrap_or("");
    !commits.is_empty()
        && commits.chars().all(|character| character.is_ascii_digit())
        && hash.len() > 1
        && hash.starts_with('g')
        && hash[1..]
            .chars()
            .all(|character| character.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn form(text: &str) -> Option<LoadfileForm> {
        MpvVersion::parse(text).loadfile_form()
    }

    #[test]
    fn releases_before_0_38_take_options_third() {
        assert_eq!(form("mpv 0.35.1"), Some(LoadfileForm::OptionsThird));
        assert_eq!(form("mpv 0.34.0"), Some(LoadfileForm::OptionsThird));
        assert_eq!(form("mpv v0.37.0"), Some(LoadfileForm::OptionsThird));
        assert_eq!(
            form("mpv 0.32.0+git20200301"),
            Some(LoadfileForm::OptionsThird)
        );
        assert_eq!(form("mpv 0.29"), Some(LoadfileForm::OptionsThird));
    }

    #[test]
    fn releases_from_0_38_take_options_fourth() {
        assert_eq!(form("mpv 0.38.0"), Some(LoadfileForm::OptionsFourth));
        assert_eq!(form("mpv v0.38.0"), Some(LoadfileForm::OptionsFourth));
        assert_eq!(form("mpv v0.39.0-dirty"), Some(LoadfileForm::OptionsFourth));
        assert_eq!(
            form("mpv 0.40.0-UNKNOWN"),
            Some(LoadfileForm::OptionsFourth)
        );
        assert_eq!(form("mpv 1.0.0"), Some(LoadfileForm::OptionsFourth));
    }

    #[test]
    fn git_builds_use_the_release_they_build_on() {
        assert_eq!(
            form("mpv 0.35.0-406-g4ed4ff3d4a"),
            Some(LoadfileForm::OptionsThird)
        );
        assert_eq!(
            form("mpv v0.38.0-617-g0b2ab8b5ae-dirty"),
            Some(LoadfileForm::OptionsFourth)
        );
        let version = MpvVersion::parse("mpv v0.36.0-12-gabc123");
        assert_eq!(version.release, Some((0, 36, 0)));
        assert!(version.commits_after_release);
    }

    #[test]
    fn builds_between_0_37_and_0_38_or_unreadable_ones_cannot_tell() {
        assert_eq!(form("mpv v0.37.0-393-g1d1d7a8f5d"), None);
        assert_eq!(form("mpv git-2c9e6b1"), None);
        assert_eq!(form(""), None);
        assert_eq!(form("mplayer"), None);
        assert!(!MpvVersion::parse("mpv v0.37.0-dirty").commits_after_release);
    }

    #[test]
    fn command_list_decides_by_the_index_argument() {
        let old = json!([
            {"name": "seek", "args": [{"name": "target"}]},
            {"name": "loadfile", "args": [{"name": "url"}, {"name": "flags"}, {"name": "options"}]}
        ]);
        let new = json!([
            {"name": "loadfile", "args": [
                {"name": "url"}, {"name": "flags"}, {"name": "index"}, {"name": "options"}
            ]}
        ]);
        assert_eq!(
            LoadfileForm::from_command_list(&old),
            Some(LoadfileForm::OptionsThird)
        );
        assert_eq!(
            LoadfileForm::from_command_list(&new),
            Some(LoadfileForm::OptionsFourth)
        );
        assert_eq!(LoadfileForm::from_command_list(&json!([])), None);
        assert_eq!(LoadfileForm::from_command_list(&json!({"x": 1})), None);
    }
}
