/**
 * Risky words: the last line of defence for text the parser could not turn into commands
 * (incomplete or invalid lines, nesting too deep, a crashed rule). Broad on purpose — a false
 * alarm here costs a confirmation, a miss costs data.
 */

const RISKY = new RegExp(
	[
		String.raw`(?:^|[\s;&|(\x60'"/\\{,])(?:rm|rmdir|shred|unlink|dd|mkfs(?:\.\w+)?|wipefs|fdisk|sfdisk|parted|sgdisk|lvremove|vgremove|pvremove|zpool|zfs|diskutil|format|srm|truncate)(?=$|[\s;&|)\x60'",}])`,
		String.raw`\b(?:drop|truncate)\s+(?:table|database|schema|index|view|collection|keyspace|user|role)\b`,
		String.raw`\bdelete\s+from\b`,
		String.raw`\b(?:flushall|flushdb|dropdatabase|deletemany)\b`,
		String.raw`(?:delete|destroy|remove|purge|wipe|drop|erase|reset|terminate)\w*\s*\(`,
		String.raw`\b\w*(?:Delete|Destroy|Drop|Purge|Wipe)\b`,
		String.raw`(?:^|\s)(?:destroy|delete|terminate|uninstall|purge|prune|wipe|nuke|erase|down)(?=$|\s)`,
		String.raw`\b(?:Remove|Clear)-[A-Za-z]+|\bFormat-Volume\b|\bInitialize-Disk\b|(?:^|[\s;&|(])(?:ri|rd|del|erase|iex)(?=$|[\s;&|)])|-Recurse\b`,
		String.raw`--force\b|\s-f\b|\s-[a-zA-Z]*(?:[rR][a-zA-Z]*f|f[a-zA-Z]*[rR])[a-zA-Z]*\b|--hard\b|-X\s*DELETE|--request\s*=?\s*DELETE`,
	].join('|'),
	'i',
);

/** Scanned in pieces of this size, each overlapping the one before so a word on a seam is still seen. */
const CHUNK = 1_048_576;
const OVERLAP = 256;

/**
 * The first risky word in the text, or undefined. Linear in the text's length, and it reads all of
 * it: a destructive command after the first megabyte of padding must still be found.
 */
export function riskyWord(text: string): string | undefined {
	for (let start = 0; ; start += CHUNK - OVERLAP) {
		const m = RISKY.exec(text.slice(start, start + CHUNK));
		if (m) {
			return m[0].replace(/^[\s;&|(\x60'"/\\{,]+/, '').trim();
		}
		if (start + CHUNK >= text.length) {
			return undefined;
		}
	}
}

/** The command names of the first pattern, wherever they start: text that will be split on an unknown IFS. */
const GLUED = /(?:rm|rmdir|shred|unlink|dd|mkfs(?:\.\w+)?|wipefs|fdisk|sfdisk|parted|sgdisk|lvremove|vgremove|pvremove|zpool|zfs|diskutil|srm|truncate)(?=$|[\s;&|)\x60'",}])/i;

/**
 * A risky word in text whose words are split on a separator the line chooses (`IFS=$X; read -r a b <<<
 * 'ls:rm -rf /srv/data'`): as riskyWord, and a command name glued to what comes before it (`:rm`, `xrm`)
 * also counts, since any character may be the one it is split on.
 */
export function riskyWordSplitAnyhow(text: string): string | undefined {
	return riskyWord(text) ?? GLUED.exec(text.slice(0, CHUNK))?.[0];
}
