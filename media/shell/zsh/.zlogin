# Terminal Guard: login shells only, after .zshrc; reads the person's .zlogin (see .zshenv).
__tg_source_user .zlogin
__tg_restore_zdotdir
