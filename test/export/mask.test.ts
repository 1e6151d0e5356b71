import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MASK,
  exportFileName,
  freeTextMasker,
  isPersonParty,
  maskDossierHeader,
  maskFreeText,
  maskIdNumber,
  maskParty,
  maskPersonName,
  maskPhone,
  NO_MASK,
} from '../../shared/domain/export/mask';

describe('masking personal data', () => {
  it('keeps the first 6 and last 4 characters of an ID number', () => {
    expect(maskIdNumber('110101199003071234')).toBe('110101********1234');
    expect(maskIdNumber('11010119900307123X')).toBe('110101********123X');
    expect(maskIdNumber('110101900307123')).toBe('110101*****7123');
    expect(maskIdNumber('AB12')).not.toContain('AB');
  });

  it('keeps the first 3 and last 4 digits of a phone number, separators untouched', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('0731-88886666')).toBe('073*-****6666');
    expect(maskPhone('+86 138 1234 5678')).toBe('+86 1** **** 5678');
  });

  it('keeps the surname, compound surnames whole', () => {
    expect(maskPersonName('张三')).toBe('张*');
    expect(maskPersonName('李小龙')).toBe('李**');
    expect(maskPersonName('欧阳明华')).toBe('欧阳**');
    expect(maskPersonName('司马光')).toBe('司马*');
    expect(maskPersonName('欧阳')).toBe('欧*'); // two characters: 欧 surname, 阳 given name
  });

  it('never masks organisations', () => {
    expect(isPersonParty('某某餐饮管理有限公司', null)).toBe(false);
    expect(isPersonParty('王记小吃店', null)).toBe(false);
    expect(isPersonParty('张三', null)).toBe(true);
    expect(maskParty('张三丰', '单位', DEFAULT_MASK)).toBe('张三丰');
    expect(maskParty('某某建材有限公司', null, DEFAULT_MASK)).toBe('某某建材有限公司');
    expect(maskParty('张三、李四', '个人', DEFAULT_MASK)).toBe('张*、李*');
    expect(maskParty('张三', '个人', NO_MASK)).toBe('张三');
  });

  it('scrubs the dossier values and any ID or mobile number out of free text', () => {
    const values = { party: '欧阳明华', partyType: '个人', idNumber: '110101199003071234', phone: '13812345678' };
    const text = '当事人欧阳明华（身份证号110101199003071234，电话13812345678）；另一人44030419850101002X，手机13900001111。';
    const masked = maskFreeText(text, DEFAULT_MASK, values);
    expect(masked).toBe('当事人欧阳**（身份证号110101********1234，电话138****5678）；另一人440304********002X，手机139****1111。');
    expect(maskFreeText(text, NO_MASK, values)).toBe(text);
    // Numbers inside longer digit runs (an order number, say) are not IDs.
    expect(maskFreeText('编号 1234567890123456789012', DEFAULT_MASK)).toBe('编号 1234567890123456789012');
  });

  it('masks many texts of one dossier with one masker, every occurrence, names longest first', () => {
    const values = { party: '王五、王五一', partyType: '个人', idNumber: '110101199003071234', phone: '13812345678' };
    const mask = freeTextMasker(DEFAULT_MASK, values);
    expect(mask('王五一与王五同到场，王五一签字')).toBe('王**与王*同到场，王**签字');
    expect(mask('电话13812345678、13812345678')).toBe('电话138****5678、138****5678');
    expect(mask('证据不足')).toBe('证据不足');
    expect(mask('')).toBe('');
    // The masked form goes in as it is: "$&" in a value is no replacement pattern.
    expect(freeTextMasker({ ...NO_MASK, idNumber: true }, { idNumber: 'A$&B$&C$&D' })('号A$&B$&C$&D')).toBe('号*******$&D');
    expect(freeTextMasker(NO_MASK, values)('王五一')).toBe('王五一');
    for (const text of ['王五一与王五', '手机13900001111', '44030419850101002X']) expect(mask(text)).toBe(maskFreeText(text, DEFAULT_MASK, values));
  });

  it('masks a whole header and only what the options ask for', () => {
    const header = {
      caseNo: '某罚〔2025〕1号',
      unitName: '示例市市场监督管理局',
      caseType: '行政处罚',
      procedure: '一般程序',
      cause: '欧阳明华无照经营',
      party: '欧阳明华',
      partyType: '个人',
      partyIdNo: '110101199003071234',
      partyPhone: '13812345678',
    };
    expect(maskDossierHeader(header, DEFAULT_MASK)).toEqual({
      ...header,
      cause: '欧阳**无照经营',
      party: '欧阳**',
      partyIdNo: '110101********1234',
      partyPhone: '138****5678',
    });
    const onlyId = maskDossierHeader(header, { idNumber: true, phone: false, personName: false });
    expect(onlyId).toMatchObject({ party: '欧阳明华', partyIdNo: '110101********1234', partyPhone: '13812345678' });
  });

  it('builds safe file names masked like the document', () => {
    const name = exportFileName(['评查表', '示例局', '罚〔2025〕1/2号', '欧阳明华'], 'pdf', DEFAULT_MASK, { party: '欧阳明华', partyType: '个人' });
    expect(name).toBe('评查表_示例局_罚〔2025〕1_2号_欧阳＊＊.pdf');
    expect(exportFileName(['身份证110101199003071234'], 'docx', DEFAULT_MASK)).not.toContain('110101199003071234');
  });
});
