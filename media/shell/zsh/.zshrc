# Terminal Guard: interactive shells; reads the person's .zshrc, then installs the hook (see .zshenv).
__tg_source_user .zshrc
source "$__tg_dir/hook.zsh"
[[ -o login ]] || __tg_restore_zdotdir
