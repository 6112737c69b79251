import { describe, expect, it } from 'vitest';
import { moreAttachments } from './message';

describe('an MMS with several media', () => {
  it('shows every further file once fetched, and none still on the network', () => {
    const payload = {
      more_media: [
        { id: 'ME9f8e', file_id: '0193a5b0-0000-7000-8000-000000000001', content_type: 'video/mp4' },
        { id: 'ME1a2b', mime_type: 'image/png' },
      ],
    };
    expect(moreAttachments({ payload })).toEqual([
      {
        id: '0193a5b0-0000-7000-8000-000000000001',
        name: null,
        content_type: 'video/mp4',
        size: null,
        url: '/api/v1/files/0193a5b0-0000-7000-8000-000000000001/content',
      },
    ]);
    expect(moreAttachments({ payload: {} })).toEqual([]);
    expect(moreAttachments({ payload: { more_media: 'nope' } })).toEqual([]);
  });
});
