//! `Options::threads` governs parsing and the rules; the result is the same at every count.

mod common;

use common::repo;
use scaffc::{Options, Render, Sources};

#[test]
fn the_analysis_is_the_same_on_1_2_3_and_8_threads() {
    for tree in [
        "fixtures/sample/Conf",
        "fixtures/demo/Conf",
        "fixtures/ad-incremental/Conf",
        "fixtures/invalid/several-findings/Conf",
        "fixtures/rules/mixed-agents/bad",
    ] {
        let files = scaffc::fs::read_tree(&repo().join(tree)).expect("readable fixture");
        let sources = Sources::from_tree(files.files);
        let run = |threads| {
            scaffc::analyze(
                &sources,
                &Options {
                    threads,
                    render: Render::All,
                    ..Options::default()
                },
            )
        };
        let one = run(1);
        assert!(
            sources.files.len() > 2,
            "{tree}: several files to share out"
        );
        for threads in [2, 3, 8, 0] {
            let many = run(threads);
            assert_eq!(
                one.diagnostics, many.diagnostics,
                "{tree}, {threads} threads"
            );
            assert_eq!(one.xml, many.xml, "{tree}, {threads} threads");
            assert_eq!(one.files, many.files, "{tree}, {threads} threads");
            assert_eq!(one.jobs, many.jobs, "{tree}, {threads} threads");
        }
    }
}

/// With one thread, parsing, the walk of the files, the expansion and the rules run on the
/// caller's thread: the whole analysis (and a workspace's) spawns nothing.
#[test]
fn one_thread_spawns_nothing() {
    let me = std::thread::current().id();
    let items = [1, 2, 3];
    let ids = scaffc::parallel::map_chunks(1, &items, |_, _| std::thread::current().id());
    assert_eq!(ids, [me, me, me]);

    let read = || scaffc::fs::read_tree(&repo().join("fixtures/sample/Conf")).expect("fixture");
    let sources = Sources::from_tree(read().files);
    let spawned = scaffc::parallel::spawned_by_this_thread;
    for threads in [1, 2] {
        let before = spawned();
        let out = scaffc::analyze(
            &sources,
            &Options {
                threads,
                render: Render::All,
                ..Options::default()
            },
        );
        assert!(!out.jobs.is_empty());
        let n = spawned() - before;
        if threads == 1 {
            assert_eq!(n, 0, "one thread: the analysis spawned {n}");
        } else {
            assert!(n > 0, "two threads: the analysis shares its work out");
        }
    }
    let mut ws = scaffc::Workspace::new();
    ws.set_threads(1);
    let files = read().files;
    let before = spawned();
    ws.set_tree(files);
    let snapshot = ws.analyze().expect("no panic");
    assert!(!snapshot.jobs.is_empty());
    assert_eq!(
        spawned() - before,
        0,
        "a one-thread workspace spawns nothing"
    );
}
