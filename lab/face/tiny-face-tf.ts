// face-api's tiny face detector as a tfjs graph for fine-tuning: the same layers as TinyYolov2Base.runMobilenet (and
// as the ONNX export, lab/face/export-tiny-face-onnx.ts). Layers conv0..conv4 stay frozen (constants); conv5
// (depthwise, pointwise, bias) and conv8 are the trainable head. NHWC, input RGB 0..255.
import { tf } from '../ml/tf.js';
import type { NamedWeight } from './tiny-face-weights.js';
import { MEAN_RGB } from './export-tiny-face-onnx.js';

export const HEAD_WEIGHTS = ['conv5/depthwise_filter', 'conv5/pointwise_filter', 'conv5/bias', 'conv8/filters', 'conv8/bias'] as const;

function leaky(x: tf.Tensor4D): tf.Tensor4D {
  return tf.leakyRelu(x, 0.1);
}

function weightTensor(weights: ReadonlyMap<string, NamedWeight>, name: string): tf.Tensor {
  const w = weights.get(name);
  if (w === undefined) throw new Error(`missing weight ${name}`);
  return tf.tensor(w.values, [...w.shape]);
}

export class TinyFaceTf {
  private readonly frozen = new Map<string, tf.Tensor>();
  readonly head = new Map<string, tf.Variable>();

  constructor(weights: ReadonlyMap<string, NamedWeight>) {
    for (const [name] of weights) {
      if ((HEAD_WEIGHTS as readonly string[]).includes(name)) this.head.set(name, tf.variable(weightTensor(weights, name), true, `head/${name}`));
      else this.frozen.set(name, weightTensor(weights, name));
    }
  }

  private f(name: string): tf.Tensor {
    const t = this.frozen.get(name) ?? this.head.get(name);
    if (t === undefined) throw new Error(`missing weight ${name}`);
    return t;
  }

  /** conv0..conv4 (frozen): [N, S, S, 3] RGB 0..255 -> [N, S/32, S/32, 256]. */
  features(x: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => {
      let h = tf.div(tf.sub(x, tf.tensor1d([...MEAN_RGB])), 255) as tf.Tensor4D;
      h = leaky(tf.add(tf.conv2d(h, this.f('conv0/filters') as tf.Tensor4D, 1, 'valid'), this.f('conv0/bias')) as tf.Tensor4D);
      h = tf.maxPool(h, 2, 2, 'same');
      for (let layer = 1; layer <= 4; layer++) {
        h = leaky(tf.add(tf.separableConv2d(h, this.f(`conv${layer}/depthwise_filter`) as tf.Tensor4D, this.f(`conv${layer}/pointwise_filter`) as tf.Tensor4D, 1, 'same'), this.f(`conv${layer}/bias`)) as tf.Tensor4D);
        h = tf.maxPool(h, 2, 2, 'same');
      }
      return h;
    });
  }

  /** conv5 + conv8 (trainable): features -> grid [N, G, G, 25] (5 anchors x tx, ty, tw, th, objectness). */
  grid(features: tf.Tensor4D): tf.Tensor4D {
    let h = tf.depthwiseConv2d(features, this.f('conv5/depthwise_filter') as tf.Tensor4D, 1, 'same');
    h = tf.conv2d(h, this.f('conv5/pointwise_filter') as tf.Tensor4D, 1, 'same');
    h = leaky(tf.add(h, this.f('conv5/bias')) as tf.Tensor4D);
    h = tf.maxPool(h, 2, 1, 'same');
    return tf.add(tf.conv2d(h, this.f('conv8/filters') as tf.Tensor4D, 1, 'valid'), this.f('conv8/bias')) as tf.Tensor4D;
  }

  /** The head's current values, for the ONNX export. */
  headWeights(): Map<string, Float32Array> {
    return new Map([...this.head].map(([name, v]) => [name, v.dataSync() as Float32Array]));
  }
}
