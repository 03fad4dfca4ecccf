/** The shell's public entry: the frame of every signed-in screen. */
export { Shell } from './shell';
