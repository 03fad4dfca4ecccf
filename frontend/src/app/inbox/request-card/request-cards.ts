import { Injectable, inject } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { firstValueFrom } from 'rxjs';
import { InboxRequest } from '../data-access/models';
import { RequestDialog, RequestDialogData, RequestOutcome } from './request-dialog';

/** Opens a request's card (a dialog) from anywhere: the board, the Inbox screen, a toast. */
@Injectable({ providedIn: 'root' })
export class RequestCards {
  private readonly dialog = inject(MatDialog);

  open(requestId: string, preview?: InboxRequest): Promise<RequestOutcome | undefined> {
    const ref = this.dialog.open<RequestDialog, RequestDialogData, RequestOutcome>(RequestDialog, {
      data: { requestId, preview },
      width: '720px',
      maxWidth: '95vw',
      autoFocus: 'dialog',
    });
    return firstValueFrom(ref.afterClosed());
  }
}
