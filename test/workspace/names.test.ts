import { strict as assert } from 'node:assert';
import { isSingleWord, nameKey, slug, surnameOf } from '../../src/workspace';

describe('workspace name keys', () => {
  it('ignore titles, case, diacritics, curly apostrophes and possessives', () => {
    assert.equal(nameKey('Dr. Ngozi Okonjo-Iweala'), 'ngozi okonjo-iweala');
    assert.equal(nameKey('NGOZI  OKONJO-IWEALA'), 'ngozi okonjo-iweala');
    assert.equal(nameKey('Okonjo-Iweala’s'), 'okonjo-iweala');
    assert.equal(nameKey('Finance Minister Marta Kowalczyk'), 'marta kowalczyk');
    assert.equal(nameKey('José Álvarez'), 'jose alvarez');
    assert.equal(nameKey('Dr. Okonjo-Iweala'), 'okonjo-iweala');
  });

  it('keep a lone title as a name rather than an empty key', () => {
    assert.equal(nameKey('President'), 'president');
  });

  it('surnames only for names of two words or more', () => {
    assert.equal(surnameOf('ngozi okonjo-iweala'), 'okonjo-iweala');
    assert.equal(surnameOf('okonjo-iweala'), undefined);
    assert.ok(isSingleWord('okonjo-iweala'));
    assert.ok(!isSingleWord('maria chen'));
    assert.equal(slug('ngozi okonjo-iweala'), 'ngozi-okonjo-iweala');
  });
});
