/*
 * Test-only stand-in for bcryptprimitives.dll, for running the Windows build
 * under Debian's wine 8.0, which lacks that DLL. Every Go 1.22+ Windows
 * program loads bcryptprimitives.dll!ProcessPrng at start for its random
 * numbers and dies before main without it; Windows 10 and 11 have the real
 * one. scripts/test-windows.sh builds this with mingw into a fresh wine
 * prefix only: it is never shipped.
 */
#include <windows.h>
#include <bcrypt.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	while (len > 0) {
		ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
		if (!BCRYPT_SUCCESS(BCryptGenRandom(NULL, data, n, BCRYPT_USE_SYSTEM_PREFERRED_RNG)))
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
