import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { NgTemplateOutlet } from '@angular/common';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatTooltipModule } from '@angular/material/tooltip';
import { RouterLink } from '@angular/router';
import {
  Company,
  Contact,
  DirectoryApi,
  DirectoryPicker,
  ListsRecord,
  PickedRecord,
  recordForDeal,
  TypedRecord,
} from '../../directory';
import { fieldErrors, problemMessage } from '../../shared/http/problem';
import { I18n } from '../../shared/i18n/i18n';
import { TranslatePipe } from '../../shared/i18n/translate';
import { DealChanges } from '../data-access/deal-store';
import { Deal, DealContact, DealContactInput } from '../data-access/models';
import { companyInput, contactInput, keepContacts } from '../data-access/parties';
import { ListsRecords, Shown } from './lists-records';

/** A deal's contact with what the card has of its record in «Списки». */
interface ContactView {
  /** Position in the deal's list (ids may be missing on old deals). */
  readonly index: number;
  readonly link: DealContact;
  /** Null for a contact typed before «Списки» (no record to show). */
  readonly shown: Shown<Contact> | null;
}

/**
 * «Компания» and «Контакт» on the deal card: the company and the contacts (main one
 * marked) with their phones and e-mails from «Списки» and links to their cards. Picking,
 * adding, removing and making main save at once; a typed name that was not picked is added
 * to «Списки» first, with their duplicate rules (a look-alike is offered for use).
 */
@Component({
  selector: 'app-deal-parties',
  imports: [
    NgTemplateOutlet,
    FormsModule,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatTooltipModule,
    DirectoryPicker,
    TranslatePipe,
  ],
  templateUrl: './deal-parties.html',
  styleUrl: './deal-parties.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DealParties {
  private readonly api = inject(DirectoryApi);
  private readonly i18n = inject(I18n);
  private readonly dialog = inject(MatDialog);

  readonly deal = input.required<Deal>();
  /** Saves the changes; resolves when the server has them, rejects with its problem. */
  readonly save = input.required<(changes: DealChanges) => Promise<unknown>>();
  /** The user may not change the deal: the company and contacts are shown, not edited. */
  readonly readonly = input(false);

  protected readonly company = signal<PickedRecord | null>(null);
  protected readonly companyError = signal<string | null>(null);
  protected readonly newContact = signal<PickedRecord | null>(null);
  protected readonly newPhone = signal('');
  protected readonly newEmail = signal('');
  protected readonly contactError = signal<string | null>(null);
  protected readonly phoneError = signal<string | null>(null);
  protected readonly saving = signal(false);

  /** The company as saved differs from what the field shows: offer to save. */
  protected readonly companyChanged = computed(() => {
    const deal = this.deal();
    const shown = this.company();
    if (!shown) {
      return deal.companyId !== null || !!deal.companyName;
    }
    return shown.id ? shown.id !== deal.companyId : shown.name.trim() !== (deal.companyName ?? '');
  });

  /** The records shown, kept across the deal's versions; one just created here is not read back. */
  protected readonly companies = new ListsRecords<Company>((id) => this.api.company(id));
  protected readonly contactRecords = new ListsRecords<Contact>((id) => this.api.contact(id));

  protected readonly companyShown = computed(() => {
    const id = this.deal().companyId;
    this.companies.all();
    return id ? this.companies.of(id) : null;
  });

  protected readonly againCompany = (): void => {
    const id = this.deal().companyId;
    if (id) {
      this.companies.again(id);
    }
  };
  protected readonly againContact = (id: string): void => this.contactRecords.again(id);

  protected recordOf(view: ContactView): Contact | null {
    return view.shown?.state === 'loaded' ? view.shown.record : null;
  }

  /** Main contact first, the others in the deal's order. */
  protected readonly contacts = computed<readonly ContactView[]>(() => {
    this.contactRecords.all();
    return this.deal()
      .contacts.map((link, index) => ({
        index,
        link,
        shown: link.contactId ? this.contactRecords.of(link.contactId) : null,
      }))
      .sort((a, b) => Number(b.link.isMain) - Number(a.link.isMain));
  });

  constructor() {
    // Each record the deal refers to is read once, whatever versions of the deal follow.
    effect(() => {
      const deal = this.deal();
      untracked(() => {
        this.companies.want(deal.companyId ? [deal.companyId] : []);
        this.contactRecords.want(
          deal.contacts.map((c) => c.contactId).filter((id): id is string => id !== null),
        );
      });
    });
    // The field follows the deal whenever a fresh version arrives.
    effect(() => {
      const deal = this.deal();
      untracked(() =>
        this.company.set(
          deal.companyId || deal.companyName
            ? { id: deal.companyId, name: deal.companyName ?? '' }
            : null,
        ),
      );
    });
  }

  /** Picking a suggestion saves at once; typed text waits for Enter or the save button. */
  protected onCompany(value: PickedRecord | null): void {
    this.company.set(value);
    this.companyError.set(null);
    if (value?.id && value.id !== this.deal().companyId) {
      void this.saveCompany();
    }
  }

  protected async saveCompany(): Promise<void> {
    if (!this.companyChanged()) {
      return;
    }
    const shown = this.company();
    await this.run(
      async () => {
        const company: ListsRecord<Company> | null = shown?.id
          ? { id: shown.id, name: shown.name }
          : shown
            ? await this.inLists('company', { name: shown.name })
            : null;
        if (shown && !company) {
          return;
        }
        if (company?.created) {
          this.companies.keep(company.created);
        }
        await this.save()(companyInput(company));
      },
      (error) =>
        this.companyError.set(this.messageFor(error, ['companyid', 'companyname', 'name'])),
    );
  }

  protected resetCompany(): void {
    const deal = this.deal();
    this.company.set(
      deal.companyId || deal.companyName
        ? { id: deal.companyId, name: deal.companyName ?? '' }
        : null,
    );
    this.companyError.set(null);
  }

  protected async addContact(): Promise<void> {
    const contact = this.newContact();
    if (!contact) {
      this.contactError.set(this.i18n.t('dealParties.contactNeeded'));
      return;
    }
    const deal = this.deal();
    if (contact.id && deal.contacts.some((c) => c.contactId === contact.id)) {
      this.contactError.set(this.i18n.t('dealParties.alreadyLinked'));
      return;
    }
    const index = deal.contacts.length;
    this.contactError.set(null);
    this.phoneError.set(null);
    let added: ListsRecord<Contact> | null = null;
    const ok = await this.run(
      async () => {
        added = contact.id
          ? { id: contact.id, name: contact.name }
          : await this.inLists('contact', {
              name: contact.name,
              phone: this.newPhone(),
              email: this.newEmail(),
              companyId: deal.companyId,
            });
        const kept = added && (await this.keptContacts());
        if (!added || !kept) {
          return false;
        }
        if (added.created) {
          // Shown as Directory answered, with the phone typed; the card does not read it back.
          this.contactRecords.keep(added.created);
        }
        await this.save()({ contacts: [...kept, contactInput(added, deal.contacts.length === 0)] });
        return true;
      },
      (error) => {
        const phoneKeys = [
          `contacts[${index}].phone`,
          'phones[0].number',
          'phones[0].type',
          'phones',
        ];
        const otherKeys = [
          `contacts[${index}].contactid`,
          'fullname',
          'emails[0].address',
          'emails',
        ];
        this.phoneError.set(this.fieldMessage(error, phoneKeys));
        this.contactError.set(
          this.phoneError()
            ? this.fieldMessage(error, otherKeys)
            : this.messageFor(error, otherKeys),
        );
      },
    );
    if (ok) {
      this.newContact.set(null);
      this.newPhone.set('');
      this.newEmail.set('');
    }
  }

  protected removeContact(view: ContactView): Promise<boolean> {
    return this.run(async () => {
      const kept = await this.keptContacts();
      if (!kept) {
        return false;
      }
      const rest = kept.filter((_, i) => i !== view.index);
      // The main one leaves: the next becomes main (the server's rule for the first).
      const contacts: DealContactInput[] = rest.map((c, i) =>
        view.link.isMain ? { ...c, isMain: i === 0 } : c,
      );
      await this.save()({ contacts });
      return true;
    });
  }

  protected makeMain(view: ContactView): Promise<boolean> {
    return this.run(async () => {
      const kept = await this.keptContacts();
      if (!kept) {
        return false;
      }
      await this.save()({ contacts: kept.map((c, i) => ({ ...c, isMain: i === view.index })) });
      return true;
    });
  }

  /** A record typed here, added to «Списки» (or the look-alike chosen there); null: the user went back. */
  private inLists(kind: 'company', typed: TypedRecord): Promise<ListsRecord<Company> | null>;
  private inLists(kind: 'contact', typed: TypedRecord): Promise<ListsRecord<Contact> | null>;
  private inLists(kind: 'company' | 'contact', typed: TypedRecord): Promise<ListsRecord | null> {
    return recordForDeal(this.api, this.dialog, kind, typed);
  }

  /** The deal's contacts as they are, a contact typed before «Списки» added there first. */
  private keptContacts(): Promise<DealContactInput[] | null> {
    const companyId = this.deal().companyId;
    return keepContacts(this.deal().contacts, (name) =>
      this.inLists('contact', { name, companyId }),
    );
  }

  /** Runs a change; false when it failed (shown) or the user went back (`command` said false). */
  private async run(
    command: () => Promise<boolean | void>,
    onError?: (error: unknown) => void,
  ): Promise<boolean> {
    if (this.saving()) {
      return false;
    }
    this.saving.set(true);
    try {
      return (await command()) !== false;
    } catch (error) {
      if (onError) {
        onError(error);
      } else {
        this.contactError.set(problemMessage(error, this.i18n));
      }
      return false;
    } finally {
      this.saving.set(false);
    }
  }

  /** The server's message for one of `keys` (lower-cased), or null. */
  private fieldMessage(error: unknown, keys: readonly string[]): string | null {
    const wanted = new Set(keys.map((k) => k.toLowerCase()));
    const messages = Object.entries(fieldErrors(error))
      .filter(([key]) => wanted.has(key.toLowerCase()))
      .flatMap(([, list]) => list);
    return messages.length ? messages.join(' ') : null;
  }

  /** The field's message, else the problem's own. */
  private messageFor(error: unknown, keys: readonly string[]): string {
    return this.fieldMessage(error, keys) ?? problemMessage(error, this.i18n);
  }
}
