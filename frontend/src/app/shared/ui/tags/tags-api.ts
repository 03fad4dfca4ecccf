import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

/** The palette of tag colours the server takes; the chips map each to the theme. */
export const TAG_COLOURS = [
  'grey',
  'red',
  'orange',
  'yellow',
  'green',
  'teal',
  'blue',
  'indigo',
  'purple',
  'pink',
] as const;

export type TagColour = (typeof TAG_COLOURS)[number];

/** A tag («Тег»): in a module's catalog and on a record. */
export interface Tag {
  readonly id: string;
  readonly name: string;
  readonly colour: TagColour;
}

/** A catalog's tag with how many live records carry it (the admin's list, `counts=true`). */
export interface CountedTag extends Tag {
  readonly records: number;
}

/** A record's tags after a change, with the record's new version. */
export interface RecordTags {
  readonly id: string;
  readonly version: number;
  readonly tags: readonly Tag[];
}

/** Whose catalog: Deals' (deals) or Directory's (companies, contacts). */
export interface TagCatalogRef {
  readonly module: 'deals' | 'directory';
  readonly kind: 'deal' | 'company' | 'contact';
}

export const TAG_NAME_MAX = 50;

/** A tag's name as the server compares it: trimmed, lower case, «ё» read as «е». */
export function foldTag(name: string): string {
  return name.trim().toLocaleLowerCase('ru').replaceAll('ё', 'е');
}

/**
 * The colour the server gives a new tag of this name when none is chosen (Tables/Tags.cs, `ColourOf`):
 * over the folded name's UTF-16 units, h = h × 31 + unit (unsigned 32-bit), the palette's (h mod 10)-th.
 * The picker shows it before the tag is created.
 */
export function tagColourOf(name: string): TagColour {
  // C#'s ToLowerInvariant, not the Russian locale's: the same for Cyrillic and Latin, and what the server does.
  const folded = name.trim().toLowerCase().replaceAll('ё', 'е');
  let hash = 0;
  for (let i = 0; i < folded.length; i++) {
    hash = (Math.imul(hash, 31) + folded.charCodeAt(i)) >>> 0;
  }
  return TAG_COLOURS[hash % TAG_COLOURS.length];
}

/** A tag's new name and colour (an admin's rename or recolour). */
export interface TagChange {
  readonly name: string;
  readonly colour: TagColour;
}

/** The tag catalogs, `/api/{module}/tags` (docs/tables-api.md, "Tags"). */
@Injectable({ providedIn: 'root' })
export class TagsApi {
  private readonly http = inject(HttpClient);

  list(catalog: TagCatalogRef, q = '', limit = 20): Observable<Tag[]> {
    return this.http.get<Tag[]>(`/api/${catalog.module}/tags`, {
      params: this.listParams(catalog, q, limit),
    });
  }

  /** The list with each tag's count of records, for Settings → «Теги» (the picker does without: it costs a pass). */
  listCounted(catalog: TagCatalogRef, q: string, limit: number): Observable<CountedTag[]> {
    return this.http.get<CountedTag[]>(`/api/${catalog.module}/tags`, {
      params: this.listParams(catalog, q, limit).set('counts', true),
    });
  }

  create(catalog: TagCatalogRef, name: string, colour?: TagColour): Observable<Tag> {
    return this.http.post<Tag>(`/api/${catalog.module}/tags`, {
      kind: catalog.kind,
      name: name.trim(),
      colour,
    });
  }

  /** An admin's rename or recolour (others: 403). */
  update(catalog: TagCatalogRef, id: string, change: TagChange): Observable<Tag> {
    return this.http.put<Tag>(`/api/${catalog.module}/tags/${id}`, {
      name: change.name.trim(),
      colour: change.colour,
    });
  }

  /** An admin deletes a tag: it leaves every record that had it. */
  remove(catalog: TagCatalogRef, id: string): Observable<void> {
    return this.http.delete<void>(`/api/${catalog.module}/tags/${id}`);
  }

  private listParams(catalog: TagCatalogRef, q: string, limit: number): HttpParams {
    const params = new HttpParams().set('kind', catalog.kind).set('limit', limit);
    return q.trim() ? params.set('q', q.trim()) : params;
  }
}
