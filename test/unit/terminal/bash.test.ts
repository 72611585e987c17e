/** bash (≥ 5.1) through its hook (media/shell/bash/init.bash). */
import { hookedScenarios } from './hookedScenarios';

hookedScenarios('bash');
