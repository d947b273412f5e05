//! The Windows user's DPAPI (`CryptProtectData` / `CryptUnprotectData`), which wraps the data
//! key so that only the same user on the same machine unwraps it.

use std::ptr;

use windows_sys::Win32::Foundation::LocalFree;
use windows_sys::Win32::Security::Cryptography::{
    CryptProtectData, CryptUnprotectData, CRYPTPROTECT_UI_FORBIDDEN, CRYPT_INTEGER_BLOB,
};

use crate::VaultError;

/// Extra entropy bound into every blob, so another program of the same user that calls DPAPI
/// without it cannot unwrap our key by accident.
const ENTROPY: &[u8] = b"reStrike VTA data key";

/// `bytes` protected for the current user.
pub(crate) fn protect(bytes: &[u8]) -> Result<Vec<u8>, VaultError> {
    let input = blob(bytes);
    let entropy = blob(ENTROPY);
    let mut output = CRYPT_INTEGER_BLOB {
        cbData: 0,
        pbData: ptr::null_mut(),
    };
    // SAFETY: the input blobs point at live slices for the call; DPAPI allocates the output
    // with LocalAlloc, which `take` copies and frees.
    let done = unsafe {
        CryptProtectData(
            &input,
            ptr::null(),
            &entropy,
            ptr::null(),
            ptr::null(),
            CRYPTPROTECT_UI_FORBIDDEN,
            &mut output,
        )
    };
    if done == 0 {
        return Err(VaultError::Dpapi(
            std::io::Error::last_os_error().to_string(),
        ));
    }
    Ok(take(output))
}

/// The bytes that [`protect`] protected; [`VaultError::Unseal`] for another user or machine.
pub(crate) fn unprotect(protected: &[u8]) -> Result<Vec<u8>, VaultError> {
    let input = blob(protected);
    let entropy = blob(ENTROPY);
    let mut output = CRYPT_INTEGER_BLOB {
        cbData: 0,
        pbData: ptr::null_mut(),
    };
    // SAFETY: as in `protect`.
    let done = unsafe {
        CryptUnprotectData(
            &input,
            ptr::null_mut(),
            &entropy,
            ptr::null(),
            ptr::null(),
            CRYPTPROTECT_UI_FORBIDDEN,
            &mut output,
        )
    };
    if done == 0 {
        tracing::warn!(error = %std::io::Error::last_os_error(), "DPAPI refused to unwrap the data key");
        return Err(VaultError::Unseal);
    }
    Ok(take(output))
}

fn blob(bytes: &[u8]) -> CRYPT_INTEGER_BLOB {
    CRYPT_INTEGER_BLOB {
        cbData: bytes.len() as u32,
        pbData: bytes.as_ptr().cast_mut(),
    }
}

/// Copies DPAPI's output and frees it.
fn take(output: CRYPT_INTEGER_BLOB) -> Vec<u8> {
    // SAFETY: DPAPI returned `cbData` bytes at `pbData`, allocated with LocalAlloc.
    unsafe {
        let bytes = std::slice::from_raw_parts(output.pbData, output.cbData as usize).to_vec();
        LocalFree(output.pbData.cast());
        bytes
    }
}
