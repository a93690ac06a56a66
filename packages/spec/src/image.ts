import type { ImageRef } from './generated/logstack.js';

/**
 * The image as a container's `image:` field: `repository:tag`, or `repository:tag@digest` when a
 * digest pins it (the runtime pulls by digest; the tag stays for the people reading the pod).
 */
export const imageRef = (image: Pick<ImageRef, 'repository' | 'tag' | 'digest'>): string =>
  `${image.repository}:${image.tag}${image.digest ? `@${image.digest}` : ''}`;
