import type { JsonSchema } from '../../../core/tools/tool.ts';

/*
 * Parameter schemas several airline tools share. The descriptions on the nested item properties are
 * part of the reference's published schemas (tool_schemas.json keeps them), so they stay word for word.
 */

export const cabinSchema: JsonSchema = {
  type: 'string',
  description: 'Cabin class: basic_economy, economy or business.',
  enum: ['basic_economy', 'economy', 'business'],
};

export const flightItemSchema: JsonSchema = {
  type: 'object',
  properties: {
    flight_number: { type: 'string', description: "Flight number, such as 'HAT001'." },
    date: {
      type: 'string',
      description: "The date for the flight in the format 'YYYY-MM-DD', such as '2024-05-01'.",
    },
  },
  required: ['flight_number', 'date'],
};

export const passengerItemSchema: JsonSchema = {
  type: 'object',
  properties: {
    first_name: { type: 'string', description: "The first name of the passenger, such as 'Noah'." },
    last_name: { type: 'string', description: "The last name of the passenger, such as 'Brown'." },
    dob: {
      type: 'string',
      description: "The date of birth of the passenger in the format 'YYYY-MM-DD', such as '1990-01-01'.",
    },
  },
  required: ['first_name', 'last_name', 'dob'],
};

export const paymentItemSchema: JsonSchema = {
  type: 'object',
  properties: {
    payment_id: {
      type: 'string',
      description:
        "The payment id stored in user profile, such as 'credit_card_7815826', 'gift_card_7815826', 'certificate_7815826'.",
    },
    amount: { type: 'number', description: 'The amount to be paid.' },
  },
  required: ['payment_id', 'amount'],
};

export const reservationIdSchema: JsonSchema = {
  type: 'string',
  description: "Six-character reservation code, e.g. 'ZFA04Y'.",
};

export const userIdSchema: JsonSchema = {
  type: 'string',
  description: "The customer's user id, e.g. 'sara_doe_496'.",
};

export const paymentIdSchema: JsonSchema = {
  type: 'string',
  description: "Id of a payment method saved in the customer's profile, e.g. 'credit_card_7815826'.",
};
