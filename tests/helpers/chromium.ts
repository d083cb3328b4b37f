/**
 * Debian's Chromium and its flags for the e2e tests, the measures and the browser benchmarks: headless, WebGL2
 * in software, kept off the network.
 *
 * Two software WebGL drivers:
 * - SwiftShader (Chromium's own, `SWIFTSHADER_ARGS`): what Chrome falls back to on a PC without a
 *   graphics card. The benchmarks and the measures (`npm run test:perf`) use it, so that their
 *   figures are a user's.
 * - Mesa's llvmpipe (`CHROMIUM_ARGS`, the e2e tests): the same WebGL2 through ANGLE on
 *   Mesa's EGL. With SwiftShader, a start's GPU process was busy from the first screen to the live
 *   figures: each frame that drew the map took 0.6–0.8 s to present (a Chromium trace), its shaders
 *   compiled again at each browser start; llvmpipe keeps its compiled shaders on disk
 *   (~/.cache/mesa_shader_cache). Measured on 2 vCPUs, one demo start of a returning visitor:
 *   GPU-process CPU 6.4 s → 1.4 s, ready 9.0 s → 6.6 s. Chromium blocklists software GL drivers, hence
 *   `--ignore-gpu-blocklist`; the page is rasterised and composited by the CPU (what Chromium does
 *   without a GPU), which costs less than going through the software GL driver. When Mesa's EGL
 *   is missing, Chromium falls back to SwiftShader (`--enable-unsafe-swiftshader`);
 *   scripts/ensure_chromium.sh installs it.
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const COMMON_ARGS: readonly string[] = [
  '--no-sandbox',
  '--enable-unsafe-swiftshader',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** WebGL2 on SwiftShader: what a user's Chrome has without a graphics card (benchmarks, measures). */
export const SWIFTSHADER_ARGS: readonly string[] = [...COMMON_ARGS, '--use-angle=swiftshader'];

/** WebGL2 on Mesa's llvmpipe, SwiftShader when Mesa is missing (e2e tests). */
export const CHROMIUM_ARGS: readonly string[] = [
  ...COMMON_ARGS,
  '--use-angle=gl-egl',
  '--ignore-gpu-blocklist',
  '--disable-gpu-rasterization',
  '--disable-gpu-compositing',
];
