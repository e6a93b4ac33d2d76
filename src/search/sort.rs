//! A heapsort for `u64` keys: the standard library's sort would add ~4 KiB
//! of wasm per instance; this is a few hundred bytes, still O(n log n).

/// Sorts ascending in place.
pub(crate) fn heapsort(v: &mut [u64]) {
    let n = v.len();
    for root in (0..n / 2).rev() {
        sift_down(v, root, n);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift_down(v, 0, end);
    }
}

/// Moves `v[root]` down the max-heap `v[..end]` to its place.
fn sift_down(v: &mut [u64], mut root: usize, end: usize) {
    loop {
        let left = 2 * root + 1;
        let right = left + 1;
        let (Some(&top), Some(&l)) = (v.get(root), v.get(left).filter(|_| left < end)) else {
            return;
        };
        let (child, value) = match v.get(right) {
            Some(&r) if right < end && r > l => (right, r),
            _ => (left, l),
        };
        if top >= value {
            return;
        }
        v.swap(root, child);
        root = child;
    }
}

/// Sorts `list` ascending and removes duplicates.
pub(crate) fn sort_dedup(list: Vec<u32>) -> Vec<u32> {
    let mut keys: Vec<u64> = list.into_iter().map(u64::from).collect();
    heapsort(&mut keys);
    keys.dedup();
    keys.into_iter().map(|k| k as u32).collect()
}
