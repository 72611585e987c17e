/** zsh through its hook (media/shell/zsh/: a ZDOTDIR that reads the person's files first). */
import { hookedScenarios } from './hookedScenarios';

hookedScenarios('zsh');
