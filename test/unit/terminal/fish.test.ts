/** fish through its hook (media/shell/fish/init.fish, run by --init-command after config.fish). */
import { hookedScenarios } from './hookedScenarios';

hookedScenarios('fish');
