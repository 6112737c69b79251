import { describe, expect, it } from 'vitest';
import { channelConfig, healthOf, missingConfig, statusTone, webhookHelp } from './channel-form';

describe('new channel form', () => {
  it('sends the kind fields trimmed and leaves empty optional ones out', () => {
    const values = {
      phone_number_id: ' 106540352242922 ',
      waba_id: '102290129340398',
      access_token: 'EAAG',
      app_secret: 's3cret',
      verify_token: '  ',
      api_base_url: '',
      bot_token: 'not a WhatsApp field',
    };
    expect(channelConfig('whatsapp', values)).toEqual({
      phone_number_id: '106540352242922',
      waba_id: '102290129340398',
      access_token: 'EAAG',
      app_secret: 's3cret',
    });
    expect(channelConfig('telegram', { bot_token: '123:ABC', api_base_url: 'http://127.0.0.1:9' })).toEqual({
      bot_token: '123:ABC',
      api_base_url: 'http://127.0.0.1:9',
    });
    expect(channelConfig('simulator', values)).toEqual({});
  });

  it('names the required fields left empty with the API field paths', () => {
    expect(missingConfig('whatsapp', { phone_number_id: '1', access_token: 'x' })).toEqual([
      'config.waba_id',
      'config.app_secret',
    ]);
    expect(missingConfig('telegram', {})).toEqual(['config.bot_token']);
  });

  it('colours the states as CH-7 says', () => {
    expect(statusTone('active')).toBe('success');
    expect(statusTone('inactive')).toBe('warning');
    expect(statusTone('unlinked')).toBe('danger');
  });

  it("reads a number's quality and messaging limit from what Meta reported", () => {
    expect(
      healthOf({ event: 'THROUGHPUT_UPGRADE', max_daily_conversations_per_business: 'TIER_UNLIMITED' }),
    ).toEqual({
      quality: null,
      limit: 'unlimited',
    });
    expect(healthOf({ quality_rating: 'YELLOW', current_limit: 'TIER_1K' })).toEqual({
      quality: 'medium',
      limit: '1K',
    });
    expect(healthOf({ quality_rating: 'RED' }).quality).toBe('bad');
    expect(healthOf(null)).toEqual({ quality: null, limit: null });
  });

  it('asks Messenger and Instagram for their own ids and tokens', () => {
    const values = {
      page_id: ' 110240735389862 ',
      page_access_token: 'EAAP',
      app_secret: 's',
      verify_token: '',
    };
    expect(channelConfig('messenger', values)).toEqual({
      page_id: '110240735389862',
      page_access_token: 'EAAP',
      app_secret: 's',
    });
    expect(missingConfig('instagram', { access_token: 'x' })).toEqual([
      'config.instagram_account_id',
      'config.app_secret',
    ]);
  });

  it('gives each network set in its console its own webhook help and the rest the general one', () => {
    expect(['whatsapp', 'messenger', 'instagram', 'sms', 'telegram', 'simulator'].map(webhookHelp)).toEqual([
      'whatsapp',
      'messenger',
      'instagram',
      'sms',
      'other',
      'other',
    ]);
  });

  it('sends an SMS number as a Twilio one, with its account, token and number', () => {
    const values = {
      account_sid: ' AC3f2a1b4c5d6e7f8091a2b3c4d5e6f708 ',
      auth_token: 'tok',
      phone_number: '+14155550100',
    };
    expect(channelConfig('sms', values)).toEqual({
      provider: 'twilio',
      account_sid: 'AC3f2a1b4c5d6e7f8091a2b3c4d5e6f708',
      auth_token: 'tok',
      phone_number: '+14155550100',
    });
    expect(missingConfig('sms', { auth_token: 'x' })).toEqual(['config.account_sid', 'config.phone_number']);
  });
});
