import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Role } from '../data-access/models';
import { me, signedInAs } from '../testing/session';
import { Settings } from './settings';

/** The Settings section lists what the user may configure: «Теги» is an admin's. */
describe('Settings', () => {
  async function linksFor(role: Role): Promise<Record<string, string>> {
    TestBed.configureTestingModule({
      imports: [Settings],
      providers: [provideZonelessChangeDetection(), provideRouter([]), signedInAs(me('u1', role))],
    });
    const fixture = TestBed.createComponent(Settings);
    await fixture.whenStable();
    const links = [...(fixture.nativeElement as HTMLElement).querySelectorAll('a[href]')];
    return Object.fromEntries(
      links.map((a) => [
        a.querySelector('[matListItemTitle]')?.textContent?.trim() ?? '',
        a.getAttribute('href') ?? '',
      ]),
    );
  }

  it('offers an admin «Теги»', async () => {
    expect((await linksFor('Admin'))['Теги']).toBe('/tags');
  });

  it('does not offer «Теги» to a head of sales or a manager', async () => {
    expect(Object.keys(await linksFor('HeadOfSales'))).not.toContain('Теги');
    TestBed.resetTestingModule();
    expect(Object.keys(await linksFor('Manager'))).not.toContain('Теги');
  });
});
