//! The typed `data.object` of an event, read from the bytes: each object's fields filled as the
//! scanner meets them (the `Record` tables); an object that does not fit is `EventData::Untyped`.

use super::*;

/// The object for `kind`, or [`EventData::Untyped`] when it does not fit.
pub(super) fn typed(r: &mut Doc<'_>, depth: u8, kind: ObjectKind) -> Result<EventData, Refusal> {
    let data = match kind {
        ObjectKind::Payment => record::<Payment>(r, depth)?.map(EventData::Payment),
        ObjectKind::Refund => record::<Refund>(r, depth)?.map(EventData::Refund),
        ObjectKind::Token => record::<Token>(r, depth)?.map(EventData::Token),
        ObjectKind::Payout => record::<Payout>(r, depth)?.map(EventData::Payout),
    };
    Ok(data.unwrap_or(EventData::Untyped))
}

/// One field's value as last seen: `null`, a value that fits, or one that does not.
pub(super) enum Got<T> {
    Null,
    Fits(T),
    Misfit,
}

/// A field's slot: `None` while absent.
pub(super) type Slot<T> = Option<Got<T>>;

/// A required field: present and fitting.
pub(super) fn required<T>(slot: Slot<T>) -> Option<T> {
    match slot {
        Some(Got::Fits(v)) => Some(v),
        _ => None,
    }
}

/// A `#[serde(default)] Option<T>` field: absent or `null` is `None`; `None` (no fit) when it
/// holds a value that does not fit.
pub(super) fn optional<T>(slot: Slot<T>) -> Option<Option<T>> {
    match slot {
        None | Some(Got::Null) => Some(None),
        Some(Got::Fits(v)) => Some(Some(v)),
        Some(Got::Misfit) => None,
    }
}

/// Any value that is not of the field's type: checked, and `null` told apart.
pub(super) fn misfit<T>(r: &mut Doc<'_>, depth: u8) -> Result<Got<T>, Refusal> {
    Ok(if r.value(depth)? == NULL {
        Got::Null
    } else {
        Got::Misfit
    })
}

pub(super) fn string(r: &mut Doc<'_>, depth: u8) -> Result<Got<String>, Refusal> {
    r.space();
    if r.peek() == Some(b'"') {
        r.i += 1;
        return Ok(Got::Fits(r.text()?.into_owned()));
    }
    misfit(r, depth)
}

/// A checked id ([`PaymentId`]): a string its validating `Deserialize` accepts (taking the
/// string, no copy); any other string does not fit.
/// A checked id ([`PaymentId`], [`RefundId`], ...): what its validating `Deserialize` accepts.
pub(super) fn id<T: TryFrom<String>>(r: &mut Doc<'_>, depth: u8) -> Result<Got<T>, Refusal> {
    Ok(match string(r, depth)? {
        Got::Fits(text) => match T::try_from(text) {
            Ok(id) => Got::Fits(id),
            Err(_) => Got::Misfit,
        },
        Got::Null => Got::Null,
        Got::Misfit => Got::Misfit,
    })
}

pub(super) fn unsigned(r: &mut Doc<'_>, depth: u8) -> Result<Got<u64>, Refusal> {
    r.space();
    if matches!(r.peek(), Some(b'-' | b'0'..=b'9')) {
        return Ok(match r.unsigned()? {
            Some(n) => Got::Fits(n),
            None => Got::Misfit,
        });
    }
    misfit(r, depth)
}

/// A map of strings: an object only (serde's map visitor takes no sequence form); a key whose
/// last value is not a string makes it not fit.
pub(super) fn string_map(
    r: &mut Doc<'_>,
    depth: u8,
) -> Result<Got<BTreeMap<String, String>>, Refusal> {
    r.space();
    if r.peek() != Some(b'{') {
        return misfit(r, depth);
    }
    let depth = enter(r, depth)?;
    let mut map = BTreeMap::new();
    let mut misfits: Vec<String> = Vec::new();
    members(r, |r, key| {
        let key = std::str::from_utf8(key).map_err(|_| r.fail())?.to_owned();
        r.space();
        if r.peek() == Some(b'"') {
            r.i += 1;
            let value = r.text()?.into_owned();
            misfits.retain(|k| *k != key);
            map.insert(key, value);
        } else {
            r.value(depth)?;
            map.remove(&key);
            if !misfits.contains(&key) {
                misfits.push(key);
            }
        }
        Ok(())
    })?;
    Ok(if misfits.is_empty() {
        Got::Fits(map)
    } else {
        Got::Misfit
    })
}

/// A struct read from JSON as serde's derived `Deserialize` reads it from a `Value`.
pub(super) trait Record: Sized {
    /// One slot per field, all absent.
    type Slots: Default;
    /// The wire names of the fields, in declaration order (the sequence form's order).
    const FIELDS: &'static [&'static str];
    /// Reads field number `index`'s value into its slot.
    fn read_field(
        slots: &mut Self::Slots,
        index: usize,
        r: &mut Doc<'_>,
        depth: u8,
    ) -> Result<(), Refusal>;
    /// The struct, if the slots make one.
    fn finish(slots: Self::Slots) -> Option<Self>;
}

/// A struct field: an object or an array makes one or does not fit; `null` and every other
/// value are not one.
pub(super) fn nested<T: Record>(r: &mut Doc<'_>, depth: u8) -> Result<Got<T>, Refusal> {
    r.space();
    if !matches!(r.peek(), Some(b'{' | b'[')) {
        return misfit(r, depth);
    }
    Ok(match record::<T>(r, depth)? {
        Some(v) => Got::Fits(v),
        None => Got::Misfit,
    })
}

/// A struct: an object (fields by name, unknown ones ignored) or an array (fields in order,
/// missing trailing optional fields `None`, nothing left over); `None` for a value that does not
/// make one (any other kind of value included).
pub(super) fn record<T: Record>(r: &mut Doc<'_>, depth: u8) -> Result<Option<T>, Refusal> {
    r.space();
    let open = r.peek();
    if !matches!(open, Some(b'{' | b'[')) {
        r.value(depth)?;
        return Ok(None);
    }
    let depth = enter(r, depth)?;
    let mut slots = T::Slots::default();
    if open == Some(b'{') {
        members(r, |r, key| {
            match T::FIELDS.iter().position(|name| name.as_bytes() == key) {
                Some(index) => T::read_field(&mut slots, index, r, depth)?,
                None => {
                    r.value(depth)?;
                }
            }
            Ok(())
        })?;
        return Ok(T::finish(slots));
    }
    let mut index = 0;
    elements(r, |r| {
        if index < T::FIELDS.len() {
            T::read_field(&mut slots, index, r, depth)?;
        } else {
            r.value(depth)?;
        }
        index += 1;
        Ok(())
    })?;
    Ok(if index > T::FIELDS.len() {
        None
    } else {
        T::finish(slots)
    })
}

/// `impl Record` for a struct: `name: slot kind => "wire name"` per field, in declaration order,
/// then how the slots make the struct.
macro_rules! record {
    ($ty:ident, $slots:ident { $($field:ident: $t:ty = $read:expr => $wire:literal,)* }) => {
        #[derive(Default)]
        pub(super) struct $slots {
            $($field: Slot<$t>,)*
        }

        impl Record for $ty {
            type Slots = $slots;
            const FIELDS: &'static [&'static str] = &[$($wire),*];

            fn read_field(
                slots: &mut $slots,
                index: usize,
                r: &mut Doc<'_>,
                depth: u8,
            ) -> Result<(), Refusal> {
                let mut i = 0;
                $(
                    if index == i {
                        slots.$field = Some($read(r, depth)?);
                        return Ok(());
                    }
                    i += 1;
                )*
                let _ = i;
                r.value(depth).map(drop)
            }

            fn finish(slots: $slots) -> Option<$ty> {
                record!(@finish $ty, slots, $($field)*)
            }
        }
    };
    (@finish Payment, $s:ident, $($f:ident)*) => {
        Some(Payment {
            id: required($s.id)?,
            status: required($s.status)?,
            amount: required($s.amount)?,
            currency: required($s.currency)?,
            rail: optional($s.rail)?,
            destination: optional($s.destination)?,
            metadata: optional($s.metadata)?,
            failure_code: optional($s.failure_code)?,
            failure_message: optional($s.failure_message)?,
            settled_at: optional($s.settled_at)?,
            created_at: optional($s.created_at)?,
        })
    };
    (@finish BankDestination, $s:ident, $($f:ident)*) => {
        Some(BankDestination {
            routing_number: optional($s.routing_number)?,
            account_number: optional($s.account_number)?,
            token: optional($s.token)?,
        })
    };
    (@finish Refund, $s:ident, $($f:ident)*) => {
        Some(Refund {
            id: required($s.id)?,
            payment: required($s.payment)?,
            amount: required($s.amount)?,
            currency: required($s.currency)?,
            status: required($s.status)?,
            created_at: optional($s.created_at)?,
        })
    };
    (@finish Token, $s:ident, $($f:ident)*) => {
        Some(Token {
            id: required($s.id)?,
            token_type: required($s.token_type)?,
            bank_account: optional($s.bank_account)?,
            created_at: optional($s.created_at)?,
        })
    };
    (@finish TokenBankAccount, $s:ident, $($f:ident)*) => {
        Some(TokenBankAccount {
            routing_number: optional($s.routing_number)?,
            last4: optional($s.last4)?,
        })
    };
    (@finish Payout, $s:ident, $($f:ident)*) => {
        Some(Payout {
            id: required($s.id)?,
            amount: required($s.amount)?,
            currency: required($s.currency)?,
            status: required($s.status)?,
            arrival_date: optional($s.arrival_date)?,
        })
    };
}

record!(Payment, PaymentSlots {
    id: PaymentId = id => "id",
    status: String = string => "status",
    amount: u64 = unsigned => "amount",
    currency: String = string => "currency",
    rail: String = string => "rail",
    destination: BankDestination = nested => "destination",
    metadata: BTreeMap<String, String> = string_map => "metadata",
    failure_code: String = string => "failure_code",
    failure_message: String = string => "failure_message",
    settled_at: String = string => "settled_at",
    created_at: String = string => "created_at",
});

record!(BankDestination, BankDestinationSlots {
    routing_number: String = string => "routing_number",
    account_number: String = string => "account_number",
    token: TokenId = id => "token",
});

record!(Refund, RefundSlots {
    id: RefundId = id => "id",
    payment: PaymentId = id => "payment",
    amount: u64 = unsigned => "amount",
    currency: String = string => "currency",
    status: String = string => "status",
    created_at: String = string => "created_at",
});

record!(Token, TokenSlots {
    id: TokenId = id => "id",
    token_type: String = string => "type",
    bank_account: TokenBankAccount = nested => "bank_account",
    created_at: String = string => "created_at",
});

record!(TokenBankAccount, TokenBankAccountSlots {
    routing_number: String = string => "routing_number",
    last4: String = string => "last4",
});

record!(Payout, PayoutSlots {
    id: PayoutId = id => "id",
    amount: u64 = unsigned => "amount",
    currency: String = string => "currency",
    status: String = string => "status",
    arrival_date: String = string => "arrival_date",
});
