# Terminal Guard: zsh reads this because ZDOTDIR points here. Each of our startup files reads the
# person's own file of the same name (from their ZDOTDIR, or HOME), then points ZDOTDIR back here so
# zsh keeps reading ours. .zshrc installs the hook; the last file to run restores the person's ZDOTDIR.

# Private state, taken out of the environment before anything else runs so that no child inherits it.
typeset -g __tg_mode=proxy __tg_nonce=${TERMINAL_GUARD_NONCE-} __tg_fifo=${TERMINAL_GUARD_FIFO-}
typeset -g __tg_dir=$ZDOTDIR
if (( ${+TERMINAL_GUARD_ZDOTDIR} )); then
	typeset -g __tg_user_zdotdir=$TERMINAL_GUARD_ZDOTDIR __tg_had_zdotdir=1
else
	typeset -g __tg_user_zdotdir=$HOME __tg_had_zdotdir=
fi
unset TERMINAL_GUARD_NONCE TERMINAL_GUARD_FIFO TERMINAL_GUARD_ZDOTDIR

# Sources the person's startup file $1, with ZDOTDIR as they expect it; keeps any ZDOTDIR they set.
__tg_source_user() {
	ZDOTDIR=$__tg_user_zdotdir
	[[ -r $ZDOTDIR/$1 ]] && source "$ZDOTDIR/$1"
	if [[ $ZDOTDIR != "$__tg_user_zdotdir" ]]; then
		__tg_user_zdotdir=$ZDOTDIR
		__tg_had_zdotdir=1
	fi
	ZDOTDIR=$__tg_dir
}

# Gives the person's ZDOTDIR back once startup is over.
__tg_restore_zdotdir() {
	if [[ -n $__tg_had_zdotdir ]]; then
		export ZDOTDIR=$__tg_user_zdotdir
	else
		unset ZDOTDIR
	fi
}

__tg_source_user .zshenv
[[ -o interactive || -o login ]] || __tg_restore_zdotdir
