//! The REC encoder check against the real headless OBS: its profile (set up the way we tell
//! operators to) suits fast replays; with OBS's defaults the check says what to set.

use app::automation::ivr::{RecEncoderProfile, RecEncoderVerdict};

use crate::common::real_obs;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_rec_encoder_check_reads_the_real_profile() {
    let Some((_guard, obs)) = real_obs().await else {
        return;
    };
    let client = obs::Client::connect(
        obs::ConnectOptions::new("127.0.0.1", obs.port).password(obs.password.as_str()),
    )
    .await
    .expect("connect");
    let profile = RecEncoderProfile::read(&client)
        .await
        .expect("read profile");
    assert_eq!(profile.output_mode, "Simple");
    assert_eq!(profile.rec_quality, "Stream");
    assert_eq!(profile.stream_encoder, "x264");
    assert!(profile.use_advanced);
    assert_eq!(profile.x264_options, "keyint=30 tune=zerolatency");
    assert_eq!(profile.fps, 30.0);
    assert_eq!(profile.verdict(), RecEncoderVerdict::Suited);

    // OBS's default: the custom x264 options are off. Read, then restore before asserting.
    let settings = client.profile();
    settings
        .set_parameter("SimpleOutput", "UseAdvanced", Some("false"))
        .await
        .expect("switch custom options off");
    let defaults = RecEncoderProfile::read(&client).await;
    settings
        .set_parameter("SimpleOutput", "UseAdvanced", Some("true"))
        .await
        .expect("restore the profile");
    let defaults = defaults.expect("read profile");
    assert!(!defaults.use_advanced);
    let RecEncoderVerdict::Slow(advice) = defaults.verdict() else {
        panic!("expected advice, got {:?}", defaults.verdict());
    };
    assert!(advice.contains("no keyframe interval"), "{advice}");
    assert!(advice.contains("lookahead and B-frames"), "{advice}");
    assert!(advice.contains("'keyint=30 tune=zerolatency'"), "{advice}");
}
