/**
 * Line segments drawn as one triangle mesh (two triangles, 6 vertices, per segment) instead of
 * one instance per segment.
 *
 * Why: with software WebGL (SwiftShader: a PC without a graphics card, a virtual desktop, the test
 * machines) every instance of an instanced draw costs about 40 µs of CPU, however small it is
 * (5,000 short segments: ~200 ms instanced, ~30 ms as one mesh). deck.gl's LineLayer and PathLayer
 * draw one instance per segment. One redraw of the map (bench/map_redraw.bench.ts) cost the GPU
 * process 290 ms of CPU on the demo and 1.6 s on the Nièvre’s 309 communes; 133 ms and 0.31 s
 * as meshes. With a graphics card both are instant.
 *
 * The vertex shader is LineLayer's own (same projection, extrusion in pixels and colours); only
 * the quad's corner comes from gl_VertexID instead of an instanced geometry, and every attribute
 * is given per vertex (see `segmentMesh`). Segments are joined end to end without a joint: at the
 * widths drawn here (1 to 3 px) a corner shows no gap. Positions stay float64 (deck.gl's
 * high and low parts), as the fill's: float32 would move a contour by up to 40 cm in latitude.
 */
import { LineLayer } from '@deck.gl/layers';
import { Model } from '@luma.gl/engine';
import type { UpdateParameters } from '@deck.gl/core';

/** Vertices per segment: two triangles. */
export const VERTICES_PER_SEGMENT = 6;

/** The corner of each of a segment's 6 vertices: x along the segment (0 source, 1 target), y across (-1, 1). */
const CORNER_GLSL = `\
vec3 positions;
void segmentCorner() {
  int c = gl_VertexID % ${VERTICES_PER_SEGMENT};
  positions = vec3(c == 2 || c == 3 || c == 5 ? 1.0 : 0.0, c == 1 || c == 4 || c == 5 ? 1.0 : -1.0, 0.0);
}
`;

/** The per-vertex arrays of a mesh of segments, as deck.gl binary attributes take them. */
export interface SegmentMesh {
  /** Number of vertices (6 per segment). */
  length: number;
  attributes: {
    getSourcePosition: { value: Float64Array; size: 2 };
    getTargetPosition: { value: Float64Array; size: 2 };
    getColor?: { value: Uint8Array; size: 4; normalized: true };
    getWidth?: { value: Float32Array; size: 1 };
  };
}

/** The mesh of flat segments [lon0, lat0, lon1, lat1, …]: each segment's endpoints repeated on its 6 vertices. */
export function segmentMesh(segments: ArrayLike<number>): SegmentMesh {
  const count = Math.floor(segments.length / 4);
  const n = count * VERTICES_PER_SEGMENT;
  const source = new Float64Array(n * 2);
  const target = new Float64Array(n * 2);
  for (let s = 0; s < count; s++) {
    for (let v = s * VERTICES_PER_SEGMENT, end = v + VERTICES_PER_SEGMENT; v < end; v++) {
      source[v * 2] = segments[s * 4];
      source[v * 2 + 1] = segments[s * 4 + 1];
      target[v * 2] = segments[s * 4 + 2];
      target[v * 2 + 1] = segments[s * 4 + 3];
    }
  }
  return { length: n, attributes: { getSourcePosition: { value: source, size: 2 }, getTargetPosition: { value: target, size: 2 } } };
}

/** The same mesh with a colour (RGBA) and a width (pixels) per segment, repeated on its vertices. */
export function styledMesh(mesh: SegmentMesh, style: { colors: Uint8Array; widths: Float32Array }): SegmentMesh {
  const count = mesh.length / VERTICES_PER_SEGMENT;
  return {
    length: mesh.length,
    attributes: {
      getSourcePosition: mesh.attributes.getSourcePosition,
      getTargetPosition: mesh.attributes.getTargetPosition,
      getColor: { value: repeatPerVertex(style.colors, 4, count), size: 4, normalized: true },
      getWidth: { value: repeatPerVertex(style.widths, 1, count), size: 1 },
    },
  };
}

function repeatPerVertex<T extends Uint8Array | Float32Array>(perSegment: T, size: number, count: number): T {
  const out = new (perSegment.constructor as new (n: number) => T)(count * VERTICES_PER_SEGMENT * size);
  for (let s = 0; s < count; s++) {
    for (let v = 0; v < VERTICES_PER_SEGMENT; v++) {
      for (let k = 0; k < size; k++) out[(s * VERTICES_PER_SEGMENT + v) * size + k] = perSegment[s * size + k];
    }
  }
  return out;
}

export class SegmentMeshLayer extends LineLayer<unknown> {
  static override layerName = 'SegmentMeshLayer';

  override getShaders() {
    const shaders = super.getShaders();
    const vs = (shaders.vs as string)
      .replace('in vec3 positions;', CORNER_GLSL)
      .replace('void main(void) {', 'void main(void) {\n  segmentCorner();');
    if (vs === shaders.vs || !vs.includes('segmentCorner();')) throw new Error('SegmentMeshLayer: the LineLayer vertex shader has changed');
    return { ...shaders, vs };
  }

  override initializeState() {
    // LineLayer's attributes, one value per vertex (not per instance).
    this.getAttributeManager()!.add({
      instanceSourcePositions: { size: 3, type: 'float64', fp64: this.use64bitPositions(), accessor: 'getSourcePosition' },
      instanceTargetPositions: { size: 3, type: 'float64', fp64: this.use64bitPositions(), accessor: 'getTargetPosition' },
      instanceColors: { size: this.props.colorFormat.length, type: 'unorm8', accessor: 'getColor', defaultValue: [0, 0, 0, 255] },
      instanceWidths: { size: 1, accessor: 'getWidth', defaultValue: 1 },
    });
  }

  override updateState(params: UpdateParameters<this>): void {
    super.updateState(params);
    this.state.model?.setVertexCount(this.getNumInstances());
  }

  protected override _getModel(): Model {
    return new Model(this.context.device, {
      ...this.getShaders(),
      id: this.props.id,
      bufferLayout: this.getAttributeManager()!.getBufferLayouts({ isInstanced: false }),
      topology: 'triangle-list',
      isInstanced: false,
      vertexCount: this.getNumInstances(),
    });
  }
}
