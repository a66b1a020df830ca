//! `cargo xtask codegen --spec FILE` on a bad description: a non-zero exit, the JSON
//! pointer of the problem on stderr, and no panic.
//!
//! Runs the xtask binary cargo built for these tests (`CARGO_BIN_EXE_xtask`), the one
//! `cargo xtask` runs. `--check` makes sure the run can never rewrite the checkout, even
//! if the generator wrongly accepted the file: the description is rejected before either
//! mode looks at the generated files.

use std::path::Path;
use std::process::Command;

/// Runs `cargo xtask codegen --check --version beta --spec <spec>`; returns (success,
/// stderr).
fn xtask_codegen(spec_text: &str, file_name: &str) -> (bool, String) {
    let spec = Path::new(env!("CARGO_TARGET_TMPDIR")).join(file_name);
    std::fs::write(&spec, spec_text).expect("write the bad description");
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["codegen", "--check", "--version", "beta", "--spec"])
        .arg(&spec)
        .output()
        .expect("run the xtask");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.success(), stderr)
}

#[test]
fn xtask_codegen_reports_a_bad_description_by_pointer_and_fails() {
    let malformed = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 7\n";
    let (ok, stderr) = xtask_codegen(malformed, "malformed.yaml");
    assert!(!ok, "xtask accepted a malformed description:\n{stderr}");
    assert!(!stderr.contains("panicked"), "xtask panicked:\n{stderr}");
    assert!(
        stderr.contains("#/paths/~1a/get/responses: not a valid OpenAPI 3.0 object"),
        "the pointer of the problem is not on stderr:\n{stderr}"
    );
    assert!(
        stderr.contains("malformed.yaml"),
        "stderr does not name the file:\n{stderr}"
    );

    let disagreeing = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: GetA\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/A'}\n              example: {id: 1, colour: red}\ncomponents:\n  schemas:\n    A: {type: object, properties: {id: {type: integer}}}\n";
    let (ok, stderr) = xtask_codegen(disagreeing, "disagreeing.yaml");
    assert!(
        !ok,
        "xtask accepted an example the model contradicts:\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "xtask panicked:\n{stderr}");
    assert!(
        stderr.contains(
            "#/paths/~1a/get/responses/200/content/application~1json/example: at (root): key `colour`"
        ),
        "the example's pointer and path are not on stderr:\n{stderr}"
    );
}
