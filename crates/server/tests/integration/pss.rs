//! Issue #20: two scoring PCs on one port. `GET /api/pss/sources` lists both, `POST
//! /api/pss/follow` follows the other and rebuilds its match, and a restart keeps it.

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::{connect, next_of, start, start_in};

const COURT_A: &[&str] = &[
    "pre;FightLoaded;",
    "at1;N. DESMOND;Nicolas DESMOND;MRN;at2;M. THIBAULT;Marcel THIBAULT;SUI;",
    "mch;101;Round of 16;M- 80 kg;1;#0000ff;#FFFFFF;#ff0000;#FFFFFF;a14ddd5c;Senior;3;120;cntDown;18;1;",
    "sc1;3;sc2;0;",
];

const COURT_B: &[&str] = &[
    "pre;FightLoaded;",
    "at1;K. LEE;Kim LEE;KOR;at2;C. RAVET;Cyrian RAVET;FRA;",
    "mch;202;Final;F- 49 kg;1;#0000ff;#FFFFFF;#ff0000;#FFFFFF;b25eee6d;Junior;3;90;cntDown;0;1;",
    "sc1;1;sc2;7;",
];

/// The sources' addresses' IPs, datagram counts, last matches and followed flags.
fn listed(sources: &Value) -> Vec<(String, u64, Option<String>, bool)> {
    let mut listed: Vec<_> = sources["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .map(|source| {
            let address = source["address"].as_str().expect("address");
            let ip = address.rsplit_once(':').expect("ip:port").0.to_owned();
            (
                ip,
                source["datagrams"].as_u64().expect("datagrams"),
                source["last_match"].as_str().map(str::to_owned),
                source["followed"].as_bool().expect("followed"),
            )
        })
        .collect();
    listed.sort();
    listed
}

#[tokio::test]
async fn sources_are_listed_the_operator_follows_another_and_a_restart_keeps_it() {
    let fixture = start().await;
    fixture.feed_from("127.0.0.2", &COURT_A[..1]).await;
    fixture.feed_from("127.0.0.3", COURT_B).await;
    fixture.feed_from("127.0.0.2", &COURT_A[1..]).await;

    let (status, sources) = fixture.call(Method::GET, "/api/pss/sources", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(sources["rule"], "auto");
    assert_eq!(sources["followed"], "127.0.0.2");
    assert_eq!(sources["sending"], 2, "two scoring PCs, by IP");
    assert_eq!(
        listed(&sources),
        [
            ("127.0.0.2".to_owned(), 1, None, true),
            ("127.0.0.2".to_owned(), 3, Some("101".to_owned()), true),
            ("127.0.0.3".to_owned(), 4, Some("202".to_owned()), false)
        ],
        "court A sent from two ports (as after a tkStrike restart): one PC, followed by IP"
    );
    let (_, state) = fixture.call(Method::GET, "/api/state", None).await;
    assert_eq!(state["state"]["blue"]["ioc"], "MRN");
    assert_eq!(state["pss"]["followed"], "127.0.0.2");

    let (status, refused) = fixture
        .call(
            Method::POST,
            "/api/pss/follow",
            Some(json!({"source": "court 2"})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");

    let mut client = connect(fixture.http, "").await;
    next_of(&mut client, "snapshot").await;
    let (status, followed) = fixture
        .call(
            Method::POST,
            "/api/pss/follow",
            Some(json!({"source": "127.0.0.3"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{followed}");
    assert_eq!(followed["rule"], "127.0.0.3");
    assert_eq!(followed["followed"], "127.0.0.3");
    let state = next_of(&mut client, "state").await;
    assert_eq!(
        state["state"]["match_id"], 2,
        "court B's pre;FightLoaded was seq 2"
    );
    assert_eq!(state["state"]["blue"]["ioc"], "KOR");
    assert_eq!(state["state"]["red"]["score"], 7);
    let pss = next_of(&mut client, "pss").await;
    assert_eq!(pss["pss"]["followed"], "127.0.0.3");

    let dir = fixture.stop_keeping_files().await;
    let restarted = start_in(dir).await;
    let (_, state) = restarted.call(Method::GET, "/api/state", None).await;
    assert_eq!(state["pss"]["rule"], "127.0.0.3");
    assert_eq!(state["state"]["match_id"], 2);
    assert_eq!(state["state"]["blue"]["ioc"], "KOR");
    restarted.stop().await;
}
