//! Whether the REC OBS encodes in a way that lets replays start fast, read from its profile
//! with `GetProfileParameter` when the REC connection connects; one warning saying what to set
//! when it does not.
//!
//! Two encoder settings decide most of a replay's wait (measured in `BENCHMARKS.md`):
//! - OBS's replay buffer writes the clip only once the encoder has output a frame from after
//!   the save request, so x264's lookahead and B-frames (its defaults) add about 0.7 s;
//! - mpv starts the clip exactly at the asked moment by decoding from the keyframe before it,
//!   so a long keyframe interval (x264's default is 250 frames, 8.3 s at 30 fps) adds up to
//!   hundreds of ms.
//!
//! In Simple output mode the settings are profile parameters; in Advanced mode they live in
//! the profile's `recordEncoder.json`, which obs-websocket cannot read, so the check only says
//! what to look at.

use std::sync::Arc;

use obs::Role;
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;

use super::ReplayObs;
use crate::bus::AppEvent;

/// The longest keyframe interval that does not slow replays much.
const MAX_KEYFRAME_SECONDS: f64 = 2.0;
/// The custom x264 options we tell operators to use, for a keyframe every second.
fn suggested_options(fps: f64) -> String {
    format!("keyint={} tune=zerolatency", fps.round().max(1.0))
}

/// The parts of the REC profile that decide how fast a replay can start.
#[derive(Debug, Clone, PartialEq)]
pub struct RecEncoderProfile {
    /// `Output/Mode`: `Simple` or `Advanced`.
    pub output_mode: String,
    /// `SimpleOutput/RecQuality`: `Stream` (same as stream), `Small`, `HQ`, `Lossless`.
    pub rec_quality: String,
    /// `SimpleOutput/StreamEncoder`: `x264`, `nvenc`, `qsv`, `amd`, ...
    pub stream_encoder: String,
    /// `SimpleOutput/UseAdvanced`: whether the custom encoder options apply.
    pub use_advanced: bool,
    /// `SimpleOutput/x264Settings`: the custom x264 options, `key=value` separated by spaces.
    pub x264_options: String,
    /// Frames per second of the profile's video.
    pub fps: f64,
}

/// What the check concludes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecEncoderVerdict {
    /// A keyframe interval of 2 s or less and no lookahead or B-frames.
    Suited,
    /// Replays start later than they could; what is wrong and what to set, in words.
    Slow(String),
    /// The profile does not say (Advanced output mode); what to check by hand.
    Unchecked(String),
}

impl RecEncoderProfile {
    /// Reads the current profile of the OBS behind `client`.
    pub async fn read(client: &obs::Client) -> obs::Result<RecEncoderProfile> {
        let profile = client.profile();
        let value = |category: &'static str, name: &'static str| async move {
            let parameter = profile.parameter(category, name).await?;
            obs::Result::Ok(
                parameter
                    .parameter_value
                    .or(parameter.default_parameter_value)
                    .unwrap_or_default(),
            )
        };
        let fps = match value("Video", "FPSType").await?.as_str() {
            "1" => value("Video", "FPSInt").await?.parse().ok(),
            "2" => {
                let num: Option<f64> = value("Video", "FPSNum").await?.parse().ok();
                let den: Option<f64> = value("Video", "FPSDen").await?.parse().ok();
                num.zip(den.filter(|den| *den > 0.0))
                    .map(|(num, den)| num / den)
            }
            _ => value("Video", "FPSCommon").await?.parse().ok(),
        };
        Ok(RecEncoderProfile {
            output_mode: value("Output", "Mode").await?,
            rec_quality: value("SimpleOutput", "RecQuality").await?,
            stream_encoder: value("SimpleOutput", "StreamEncoder").await?,
            use_advanced: value("SimpleOutput", "UseAdvanced").await? == "true",
            x264_options: value("SimpleOutput", "x264Settings").await?,
            fps: fps.filter(|fps: &f64| *fps > 0.0).unwrap_or(30.0),
        })
    }

    /// Whether this profile lets replays start fast, and if not what to set.
    pub fn verdict(&self) -> RecEncoderVerdict {
        let suggested = suggested_options(self.fps);
        if !self.output_mode.eq_ignore_ascii_case("simple") {
            return RecEncoderVerdict::Unchecked(format!(
                "Advanced output mode keeps the encoder settings where obs-websocket cannot read \
                 them; in Settings > Output > Recording check: Keyframe Interval 1 s, and for \
                 x264 Tune 'zerolatency' (no lookahead, no B-frames), or x264 Options \
                 '{suggested}'"
            ));
        }
        let mut problems = Vec::new();
        if self.rec_quality != "Stream" {
            problems.push(format!(
                "Recording Quality '{}' uses OBS's own encoder preset (a keyframe every 250 \
                 frames, lookahead, B-frames) and ignores custom options",
                self.rec_quality
            ));
        } else if !self.stream_encoder.starts_with("x264") {
            problems.push(format!(
                "the '{}' encoder keeps its default keyframe interval and B-frames in Simple \
                 output mode",
                self.stream_encoder
            ));
        } else {
            let options = if self.use_advanced {
                X264Options::parse(&self.x264_options)
            } else {
                X264Options::default()
            };
            match options.keyint {
                None => problems.push(
                    "no keyframe interval is set (x264 then puts one every 250 frames)".to_owned(),
                ),
                Some(keyint) if f64::from(keyint) > MAX_KEYFRAME_SECONDS * self.fps => problems
                    .push(format!(
                        "the keyframe interval is {keyint} frames ({:.1} s)",
                        f64::from(keyint) / self.fps
                    )),
                Some(_) => {}
            }
            if !options.low_latency() {
                problems.push("x264 uses lookahead and B-frames".to_owned());
            }
        }
        if problems.is_empty() {
            return RecEncoderVerdict::Suited;
        }
        RecEncoderVerdict::Slow(format!(
            "{}: replays start later (OBS writes the clip only after the encoder caught up with \
             the request, and mpv decodes from the keyframe before the replay's start). In OBS \
             Settings > Output (Simple): Recording Quality 'Same as stream', Encoder 'Software \
             (x264)', Enable Advanced Encoder Settings, x264 Options '{suggested}'",
            problems.join("; ")
        ))
    }
}

/// The x264 options that matter here, from a custom options string.
#[derive(Debug, Default, PartialEq, Eq)]
struct X264Options {
    keyint: Option<u32>,
    zerolatency: bool,
    bframes: Option<u32>,
    rc_lookahead: Option<u32>,
}

impl X264Options {
    fn parse(text: &str) -> X264Options {
        let mut options = X264Options::default();
        for (key, value) in text
            .split_whitespace()
            .filter_map(|pair| pair.split_once('='))
        {
            match key.trim_start_matches("--") {
                "keyint" => options.keyint = value.parse().ok(),
                "tune" => options.zerolatency = value.split(',').any(|tune| tune == "zerolatency"),
                "bframes" => options.bframes = value.parse().ok(),
                "rc-lookahead" | "rc_lookahead" => options.rc_lookahead = value.parse().ok(),
                _ => {}
            }
        }
        options
    }

    /// No lookahead and no B-frames: `tune=zerolatency`, or both set to 0.
    fn low_latency(&self) -> bool {
        self.zerolatency || (self.bframes == Some(0) && self.rc_lookahead == Some(0))
    }
}

/// Checks the REC connection now and each time a REC connection connects, until `cancel`.
pub(super) async fn watch(
    obs: Arc<dyn ReplayObs>,
    mut events: broadcast::Receiver<AppEvent>,
    cancel: CancellationToken,
) {
    if let Some((name, _)) = obs.rec() {
        check(obs.as_ref(), &name).await;
    }
    loop {
        let event = tokio::select! {
            () = cancel.cancelled() => return,
            event = events.recv() => event,
        };
        match event {
            Ok(AppEvent::ObsStatus {
                name,
                role: Role::Rec | Role::Both,
                status: obs::ConnectionStatus::Connected,
            }) => check(obs.as_ref(), &name).await,
            Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
            Err(broadcast::error::RecvError::Closed) => return,
        }
    }
}

/// Reads the profile of connection `name` and logs what is wrong with it.
async fn check(obs: &dyn ReplayObs, name: &str) {
    let Some(session) = obs.session(name) else {
        return;
    };
    let obs::Session::V5(client) = session else {
        tracing::info!(conn = %name, "obs-websocket 4 cannot read the profile; REC encoder settings not checked");
        return;
    };
    match RecEncoderProfile::read(&client).await {
        Ok(profile) => match profile.verdict() {
            RecEncoderVerdict::Suited => {
                tracing::info!(conn = %name, ?profile, "REC encoder settings suit fast replays");
            }
            RecEncoderVerdict::Slow(advice) => {
                tracing::warn!(conn = %name, "REC OBS encoder: {advice}");
            }
            RecEncoderVerdict::Unchecked(advice) => {
                tracing::info!(conn = %name, "REC OBS encoder not checked: {advice}");
            }
        },
        Err(err) => {
            tracing::warn!(conn = %name, %err, "cannot read the REC OBS profile to check its encoder settings");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn simple(options: &str) -> RecEncoderProfile {
        RecEncoderProfile {
            output_mode: "Simple".into(),
            rec_quality: "Stream".into(),
            stream_encoder: "x264".into(),
            use_advanced: true,
            x264_options: options.into(),
            fps: 30.0,
        }
    }

    fn slow(profile: &RecEncoderProfile) -> String {
        match profile.verdict() {
            RecEncoderVerdict::Slow(advice) => advice,
            other => panic!("expected slow, got {other:?}"),
        }
    }

    #[test]
    fn a_keyframe_a_second_without_lookahead_suits() {
        assert_eq!(
            simple("keyint=30 tune=zerolatency").verdict(),
            RecEncoderVerdict::Suited
        );
        assert_eq!(
            simple("bframes=0 keyint=60 rc-lookahead=0").verdict(),
            RecEncoderVerdict::Suited
        );
    }

    #[test]
    fn missing_or_long_keyframe_intervals_and_lookahead_are_named() {
        let advice = slow(&simple(""));
        assert!(advice.contains("no keyframe interval"), "{advice}");
        assert!(advice.contains("lookahead and B-frames"), "{advice}");
        assert!(advice.contains("'keyint=30 tune=zerolatency'"), "{advice}");
        let advice = slow(&simple("keyint=250 tune=zerolatency"));
        assert!(advice.contains("250 frames (8.3 s)"), "{advice}");
        assert!(!advice.contains("x264 uses lookahead"), "{advice}");
        let advice = slow(&simple("keyint=30 bframes=0"));
        assert!(advice.starts_with("x264 uses lookahead"), "{advice}");
    }

    #[test]
    fn options_without_advanced_settings_or_with_a_recording_preset_do_not_count() {
        let mut profile = simple("keyint=30 tune=zerolatency");
        profile.use_advanced = false;
        assert!(slow(&profile).contains("no keyframe interval"));
        let mut profile = simple("keyint=30 tune=zerolatency");
        profile.rec_quality = "Small".into();
        assert!(slow(&profile).contains("Recording Quality 'Small'"));
        let mut profile = simple("");
        profile.stream_encoder = "nvenc".into();
        assert!(slow(&profile).contains("'nvenc' encoder"));
    }

    #[test]
    fn advanced_mode_says_what_to_check_and_the_interval_follows_the_frame_rate() {
        let mut profile = simple("");
        profile.output_mode = "Advanced".into();
        assert!(matches!(profile.verdict(), RecEncoderVerdict::Unchecked(_)));
        let mut profile = simple("keyint=60 tune=zerolatency");
        profile.fps = 60.0;
        assert_eq!(profile.verdict(), RecEncoderVerdict::Suited);
        profile.fps = 25.0;
        assert!(slow(&profile).contains("'keyint=25 tune=zerolatency'"));
    }
}
