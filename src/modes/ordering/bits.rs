//! Bitsets as slices of words: the exact search's rows and sets.

/// Sets bit `v` of `bits`.
pub fn set(bits: &mut [u64], v: u32) {
    bits[v as usize / 64] |= 1 << (v % 64);
}

/// Clears bit `v` of `bits`.
pub fn clear(bits: &mut [u64], v: u32) {
    bits[v as usize / 64] &= !(1 << (v % 64));
}

/// The bits set in `bits`, in increasing order.
pub fn ones(bits: &[u64]) -> impl Iterator<Item = u32> + '_ {
    bits.iter().enumerate().flat_map(|(k, &word)| {
        (0..64)
            .filter(move |b| word >> b & 1 == 1)
            .map(move |b| (k * 64 + b) as u32)
    })
}
