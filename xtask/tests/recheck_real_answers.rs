//! The real answers kept in `../shared/dixa-payloads/` (read at test time, never copied
//! into the repository) decode against the models `cargo xtask codegen` generates: the
//! re-check a user runs on their own recordings, run on ours.

use xtask::Workspace;
use xtask::recheck_cmd::recheck;

#[test]
fn the_shared_real_answers_decode_against_every_version() {
    let ws = Workspace::of_this_crate();
    let payloads = ws.root().join("../shared/dixa-payloads");
    assert!(
        payloads.is_dir(),
        "{} is missing: the shared payloads sit beside the workspace",
        payloads.display()
    );
    let versions = ["v1".to_string(), "beta".to_string()];
    let report = recheck(&ws, &versions, None, &[payloads]).unwrap_or_else(|e| panic!("{e}"));
    println!("{report}");
    assert!(report.decoded() >= 1, "no recorded answer found:\n{report}");
    assert_eq!(report.failed(), 0, "{report}");
}
