//! The one way scaffc spreads work over threads: parsing the files (`crate::load`) and
//! running the rules (`crate::rules::check`), both governed by [`crate::Options::threads`].

thread_local! {
    /// How many threads this thread has spawned through this module: what the tests read to
    /// see that one thread spawns none.
    static SPAWNED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// How many threads the calling thread has spawned through [`map_chunks`] and
/// [`map_owned`] so far.
#[doc(hidden)]
pub fn spawned_by_this_thread() -> usize {
    SPAWNED.with(|s| s.get())
}

fn count_spawns(n: usize) {
    SPAWNED.with(|s| s.set(s.get() + n));
}

/// The number of threads a `threads` setting asks for: itself, or one per available core
/// for 0.
pub fn thread_count(threads: usize) -> usize {
    match threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    }
}

/// `f(index, item)` for every item, on up to `threads` threads (0: one per available core),
/// the results in item order.
///
/// The items are cut into contiguous chunks, one per thread, joined in order: the result
/// does not depend on the thread count. With one thread, or fewer than two items, nothing is
/// spawned and `f` runs on the caller's thread. A panic in `f` is resumed on the caller's
/// thread.
pub fn map_chunks<'a, T, R, F>(threads: usize, items: &'a [T], f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(usize, &'a T) -> R + Sync,
{
    let threads = thread_count(threads).min(items.len());
    if threads <= 1 {
        return items.iter().enumerate().map(|(i, t)| f(i, t)).collect();
    }
    let chunk = items.len().div_ceil(threads);
    count_spawns(items.len().div_ceil(chunk));
    let f = &f;
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .enumerate()
            .map(|(c, part)| {
                s.spawn(move || {
                    part.iter()
                        .enumerate()
                        .map(|(j, t)| f(c * chunk + j, t))
                        .collect::<Vec<R>>()
                })
            })
            .collect();
        join(handles)
    })
}

/// [`map_chunks`] on owned items: `f(index, item)` takes each item by value (decoding a
/// file's bytes into its text without a copy), the results in item order, the same chunks
/// and the same threads.
pub fn map_owned<T, R, F>(threads: usize, mut items: Vec<T>, f: F) -> Vec<R>
where
    T: Send,
    R: Send,
    F: Fn(usize, T) -> R + Sync,
{
    let threads = thread_count(threads).min(items.len());
    if threads <= 1 {
        return items
            .into_iter()
            .enumerate()
            .map(|(i, t)| f(i, t))
            .collect();
    }
    let chunk = items.len().div_ceil(threads);
    let mut parts: Vec<Vec<T>> = Vec::with_capacity(threads);
    while items.len() > chunk {
        let rest = items.split_off(chunk);
        parts.push(std::mem::replace(&mut items, rest));
    }
    parts.push(items);
    count_spawns(parts.len());
    let f = &f;
    std::thread::scope(|s| {
        let handles: Vec<_> = parts
            .into_iter()
            .enumerate()
            .map(|(c, part)| {
                s.spawn(move || {
                    part.into_iter()
                        .enumerate()
                        .map(|(j, t)| f(c * chunk + j, t))
                        .collect::<Vec<R>>()
                })
            })
            .collect();
        join(handles)
    })
}

/// The results of the threads, in order; a thread's panic is resumed here.
/// `work(item)` for every item that `produce` hands over, while it is still producing: the
/// calling thread produces (a directory walk), `threads` others work (0: one per available
/// core). The results in the order the items were handed over. With one thread nothing is
/// spawned: each item is worked on as it is handed over. A panic in `work` is resumed on
/// the caller's thread.
pub fn feed<T, R>(
    threads: usize,
    produce: impl FnOnce(&mut dyn FnMut(T)),
    work: impl Fn(T) -> R + Sync,
) -> Vec<R>
where
    T: Send,
    R: Send,
{
    let threads = thread_count(threads);
    if threads <= 1 {
        let mut out = Vec::new();
        produce(&mut |t| out.push(work(t)));
        return out;
    }
    count_spawns(threads);
    let (tx, rx) = std::sync::mpsc::channel::<(usize, T)>();
    let (rx, work) = (&std::sync::Mutex::new(rx), &work);
    let mut done: Vec<(usize, R)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(move || {
                    let mut done = Vec::new();
                    loop {
                        // The lock is held while waiting for an item, not while working
                        // on it. Ends when the producer is done and the queue is empty.
                        let next = match rx.lock() {
                            Ok(queue) => queue.recv(),
                            Err(_) => break,
                        };
                        let Ok((i, t)) = next else { break };
                        done.push((i, work(t)));
                    }
                    done
                })
            })
            .collect();
        let mut n = 0;
        produce(&mut |t| {
            // Fails only when every worker is gone, which a join below reports.
            let _ = tx.send((n, t));
            n += 1;
        });
        drop(tx);
        join(handles)
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

fn join<R>(handles: Vec<std::thread::ScopedJoinHandle<'_, Vec<R>>>) -> Vec<R> {
    let mut out = Vec::new();
    for h in handles {
        match h.join() {
            Ok(part) => out.extend(part),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::thread;

    #[test]
    fn one_thread_runs_on_the_caller_s_thread() {
        let me = thread::current().id();
        let items: Vec<u32> = (0..10).collect();
        let ids = map_chunks(1, &items, |_, _| thread::current().id());
        assert!(ids.iter().all(|id| *id == me));
        // A single item never needs a thread either.
        let ids = map_chunks(8, &items[..1], |_, _| thread::current().id());
        assert_eq!(ids, [me]);
    }

    #[test]
    fn several_threads_keep_the_order_and_the_indexes() {
        let items: Vec<u32> = (0..37).collect();
        let expected: Vec<(usize, u32)> = items.iter().map(|&x| (x as usize, x * 2)).collect();
        for threads in [0, 1, 2, 3, 8, 64] {
            assert_eq!(
                map_chunks(threads, &items, |i, x| (i, x * 2)),
                expected,
                "{threads}"
            );
        }
        let me = thread::current().id();
        let ids = map_chunks(2, &items, |_, _| thread::current().id());
        assert!(ids.iter().all(|id| *id != me), "two threads: spawned");
        assert!(map_chunks(4, &Vec::<u32>::new(), |_, x| *x).is_empty());
    }

    #[test]
    fn owned_items_keep_the_order_and_the_indexes() {
        let items: Vec<String> = (0..37).map(|i| i.to_string()).collect();
        let expected: Vec<(usize, String)> = items
            .iter()
            .cloned()
            .enumerate()
            .map(|(i, s)| (i, s + "!"))
            .collect();
        for threads in [0, 1, 2, 3, 8, 64] {
            assert_eq!(
                map_owned(threads, items.clone(), |i, s| (i, s + "!")),
                expected,
                "{threads}"
            );
        }
        let me = thread::current().id();
        let ids = map_owned(1, items.clone(), |_, _| thread::current().id());
        assert!(ids.iter().all(|id| *id == me), "one thread: none spawned");
        let ids = map_owned(2, items, |_, _| thread::current().id());
        assert!(ids.iter().all(|id| *id != me), "two threads: spawned");
    }

    #[test]
    fn fed_items_keep_the_order_they_were_fed_in() {
        // Items that take different times to work on still come back in feed order.
        let produce = |feed: &mut dyn FnMut(u64)| {
            for i in 0..50 {
                feed(i);
            }
        };
        let work = |i: u64| {
            thread::sleep(std::time::Duration::from_micros((50 - i) * 20));
            (i, thread::current().id())
        };
        let me = thread::current().id();
        for threads in [0, 1, 2, 3, 8] {
            let out = feed(threads, produce, work);
            let order: Vec<u64> = out.iter().map(|(i, _)| *i).collect();
            assert_eq!(order, (0..50).collect::<Vec<_>>(), "{threads}");
            let on_caller = out.iter().all(|(_, id)| *id == me);
            assert_eq!(on_caller, threads == 1, "{threads}");
        }
        assert!(feed(2, |_: &mut dyn FnMut(u32)| {}, |x| x).is_empty());
        let r = std::panic::catch_unwind(|| {
            feed(2, produce, |i| assert!(i != 7, "boom"));
        });
        assert!(r.is_err());
    }

    #[test]
    fn a_panic_reaches_the_caller() {
        let items: Vec<u32> = (0..4).collect();
        let r = std::panic::catch_unwind(|| {
            map_chunks(2, &items, |_, x| assert!(*x != 3, "boom"));
        });
        assert!(r.is_err());
    }
}
